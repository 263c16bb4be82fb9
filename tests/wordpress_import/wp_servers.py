"""Real servers for the importer's tests: nginx with the build's redirect snippet."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import free_port

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextlib.contextmanager
def nginx_serving(output: Path, folder: Path):
    """Real nginx serving a build with its redirect snippet, set up as the snippet says.

    Yields status(path) -> (HTTP status, Location header or "").
    """
    port = free_port()
    (folder / "logs").mkdir(exist_ok=True)
    snippet = (output / "wordpress-redirects.nginx.conf").read_text(encoding="utf-8")
    checks = "\n".join(f"if (${name}) {{ return 301 ${name}; }}"
                       for name in re.findall(r"^map \S+ \$(\w+) \{", snippet, re.M))
    config = folder / "nginx.conf"
    config.write_text(f"""
        pid {folder}/nginx.pid;
        error_log {folder}/logs/error.log;
        events {{}}
        http {{
            access_log off;
            include {output}/wordpress-redirects.nginx.conf;
            server {{
                listen 127.0.0.1:{port};
                root {output};
                {checks}
            }}
        }}
        """)
    subprocess.run([NGINX, "-c", str(config), "-p", str(folder)], check=True, timeout=30)
    opener = urllib.request.build_opener(_NoRedirect)

    def status(path: str) -> tuple[int, str]:
        try:
            answer = opener.open(f"http://127.0.0.1:{port}{path}", timeout=10)
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")
        return answer.status, ""

    try:
        yield status
    finally:
        os.kill(int((folder / "nginx.pid").read_text()), signal.SIGQUIT)
