#!/usr/bin/env python3
"""Drive a cloud with the real openstacksdk: flavors, images, a server and a volume lifecycle.

Usage: openstacksdk-smoke.py CLOUDS_YAML CLOUD_NAME

Used by the StratusSimulator test `openstackSDKSmoke` to prove the simulator speaks the APIs the
way openstacksdk expects; it works against any cloud (e.g. ../shared/realcloud) as well.
Prints each step; exits 0 on success, 1 on the first failure.
"""

import os
import sys
import time
import uuid


def step(message):
    print(f"[smoke] {message}", flush=True)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    clouds_yaml, cloud_name = argv[1], argv[2]
    os.environ["OS_CLIENT_CONFIG_FILE"] = clouds_yaml

    import openstack

    started = time.monotonic()
    suffix = uuid.uuid4().hex[:8]

    step(f"connect to cloud {cloud_name!r} from {clouds_yaml}")
    conn = openstack.connect(cloud=cloud_name)
    conn.authorize()

    flavors = list(conn.compute.flavors())
    step(f"list flavors: {', '.join(sorted(f.name for f in flavors))}")
    flavor = next((f for f in flavors if f.name == "m1.tiny"), None) or min(flavors, key=lambda f: f.ram)

    image = conn.image.find_image("cirros-0.6.2-x86_64-disk")
    if image is None:
        image = next(iter(conn.image.images(status="active")))
    step(f"find image: {image.name} ({image.id})")

    server = conn.compute.create_server(
        name=f"sdk-smoke-{suffix}", image_id=image.id, flavor_id=flavor.id, networks="none"
    )
    step(f"create server {server.id}")
    server = conn.compute.wait_for_server(server, wait=60, interval=0.2)
    step(f"server {server.name} is {server.status}")
    if server.status != "ACTIVE":
        raise RuntimeError(f"server ended {server.status}")

    conn.compute.delete_server(server)
    step("delete server")
    conn.compute.wait_for_delete(server, wait=60, interval=0.2)
    step("server is gone")

    volume = conn.block_storage.create_volume(size=1, name=f"sdk-smoke-{suffix}")
    step(f"create volume {volume.id}")
    volume = conn.block_storage.wait_for_status(volume, status="available", failures=["error"], wait=60, interval=0.2)
    step(f"volume {volume.name} is {volume.status}")
    conn.block_storage.delete_volume(volume)
    step("delete volume")
    conn.block_storage.wait_for_delete(volume, wait=60, interval=0.2)
    step("volume is gone")

    names = sorted(i.name or "" for i in conn.image.images())
    step(f"list images: {', '.join(names)}")
    if image.name not in names:
        raise RuntimeError("the image found earlier is not listed")

    step(f"ok in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as error:  # noqa: BLE001 - report any failure as a non-zero exit
        print(f"[smoke] FAILED: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
