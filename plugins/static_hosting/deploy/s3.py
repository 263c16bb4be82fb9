"""An S3-compatible bucket (AWS, MinIO, Cloudflare R2, Backblaze B2 …) with boto3.

A file is uploaded only when its MD5 differs from the object's ETag (for a
single-part upload, S3's ETag is the content's MD5), each with its
Content-Type and Cache-Control; objects under the prefix that the site no
longer has are deleted, exactly those the plan listed. Credentials come the
usual boto3 way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
~/.aws/credentials, a role).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
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


def where(options: dict) -> str:
    return f"bucket {options['bucket']!r} under prefix {key_prefix(options)!r}"


def key_prefix(options: dict) -> str:
    return options["prefix"].strip("/") + "/" if options["prefix"].strip("/") else ""


def plan(output: Path, options: dict, settings: dict) -> Report:
    """Compare every file's MD5 with the object's ETag; list objects the site lacks."""
    if not options["bucket"]:
        raise DeployError("DEPLOY_S3 has no 'bucket': set it, e.g. DEPLOY_S3 = "
                          "{'bucket': 'my-site', 'endpoint_url': 'https://…'} (endpoint_url "
                          "only for S3-compatible services other than AWS)")
    prefix = key_prefix(options)
    report = Report("s3", dry_run=True)
    with s3_errors(options):
        remote = remote_etags(make_client(options), options["bucket"], prefix)
    files = local_files(output, settings)
    for rel, path in files.items():
        if remote.get(prefix + rel) == hashlib.md5(path.read_bytes()).hexdigest():
            report.unchanged += 1
        else:
            report.uploaded.append(rel)
    if options["delete"]:
        report.deleted = sorted(key[len(prefix):] for key in set(remote) - {prefix + rel for rel in files})
    return report


def deploy(output: Path, options: dict, settings: dict, planned: Report) -> Report:
    """Upload and delete what the plan says, and nothing else."""
    bucket, prefix = options["bucket"], key_prefix(options)
    client = make_client(options)
    with s3_errors(options):
        for rel in planned.uploaded:
            client.put_object(Bucket=bucket, Key=prefix + rel, Body=(output / rel).read_bytes(),
                              ContentType=content_type(rel, settings),
                              CacheControl=cache_control(rel, settings))
        gone = [prefix + rel for rel in planned.deleted]
        for start in range(0, len(gone), 1000):  # the API's batch limit
            client.delete_objects(Bucket=bucket, Delete={
                "Objects": [{"Key": key} for key in gone[start:start + 1000]]})
    return Report("s3", uploaded=planned.uploaded, deleted=planned.deleted,
                  unchanged=planned.unchanged)


@contextmanager
def s3_errors(options: dict):
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as error:
        raise DeployError(f"S3 deploy to bucket {options['bucket']!r} failed: {error}") from error
