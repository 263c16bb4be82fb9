"""An S3-compatible bucket (AWS, MinIO, Cloudflare R2, Backblaze B2 …) with boto3.

A file is uploaded only when its MD5 differs from the object's ETag (for a
single-part upload, S3's ETag is the content's MD5), each with its
Content-Type and Cache-Control; objects under the prefix that the site no
longer has are deleted. Credentials come the usual boto3 way
(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, a role).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..cache_policy import cache_control, content_type
from .report import DeployError, Report


def host_files(settings: dict) -> set[str]:
    """Config files for other hosts: an S3 bucket would serve them as pages."""
    return {name for name in (settings.get("HOSTING_HEADERS_FILE"),
                              settings.get("HOSTING_NGINX_FILE")) if name}


def local_files(output: Path, settings: dict) -> dict[str, Path]:
    skip = host_files(settings)
    return {path.relative_to(output).as_posix(): path
            for path in sorted(output.rglob("*"))
            if path.is_file() and path.relative_to(output).as_posix() not in skip}


def remote_etags(client, bucket: str, prefix: str) -> dict[str, str]:
    etags = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def make_client(options: dict):
    import boto3

    return boto3.client("s3", endpoint_url=options["endpoint_url"],
                        region_name=options["region"])


def deploy(output: Path, options: dict, settings: dict) -> Report:
    bucket = options["bucket"]
    if not bucket:
        raise DeployError("DEPLOY_S3 has no 'bucket': set it, e.g. DEPLOY_S3 = "
                          "{'bucket': 'my-site', 'endpoint_url': 'https://…'} (endpoint_url "
                          "only for S3-compatible services other than AWS)")
    prefix = options["prefix"].strip("/") + "/" if options["prefix"].strip("/") else ""
    client = make_client(options)
    from botocore.exceptions import BotoCoreError, ClientError

    report = Report("s3")
    try:
        remote = remote_etags(client, bucket, prefix)
        files = local_files(output, settings)
        for rel, path in files.items():
            data = path.read_bytes()
            key = prefix + rel
            if remote.get(key) == hashlib.md5(data).hexdigest():
                report.unchanged += 1
                continue
            client.put_object(Bucket=bucket, Key=key, Body=data,
                              ContentType=content_type(rel, settings),
                              CacheControl=cache_control(rel, settings))
            report.uploaded.append(rel)
        if options["delete"]:
            gone = sorted(set(remote) - {prefix + rel for rel in files})
            for start in range(0, len(gone), 1000):  # the API's batch limit
                client.delete_objects(Bucket=bucket, Delete={
                    "Objects": [{"Key": key} for key in gone[start:start + 1000]]})
            report.deleted = [key[len(prefix):] for key in gone]
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"S3 deploy to bucket {bucket!r} failed: {error}") from error
    return report
