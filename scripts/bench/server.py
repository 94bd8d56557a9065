#!/usr/bin/env python3
"""Server load benchmark: `segmenta serve` on a 1,000,000-customer workspace, measured with wrk on loopback.

Builds the workspace the way a user would (segmenta init, import customers of a warehouse wide table
with 32 usage columns, city, brand, gender and a phone number, segment --k 8, tags define + apply,
products define), adds a front-line user with an API token, starts `segmenta serve` on a free
loopback port and waits until its customer directory is loaded. Then:

  (1) customer-360 lookup: `GET /api/v1/customers/{id}` for random ids, wrk with 2 threads and 64
      connections for --seconds (target: >= 10,000 requests/s, p99 <= 20 ms on 2 cores, wrk sharing
      them); beside it, in the same run, `GET /api/v1/health` (no sign-in, no work: the framework's
      ceiling on this machine) and the ratio of the two;
  (2) the segment explorer page `GET /segments/{name}`, the members table
      `GET /api/v1/segmentations/{name}/members` and the rule editor's check-and-count
      `POST /api/v1/rules/check` (what the page sends as the user types), each requested 30 times one
      after another (target for the page: <= 200 ms); median and p95 of the time to the last byte.

Prints the figures; exits non-zero when a request fails. Run through scripts/bench/server.sh.
"""
import argparse
import json
import os
import pathlib
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEGMENTA = ROOT / ".build" / "release" / "segmenta"

TAGS = """tags:
  - name: city
    category: demographic
    label: {zh: 城市, en: City}
    values:
      field: city
      values: {北京: {zh: 北京, en: Beijing}, 上海: {zh: 上海, en: Shanghai}, 广州: {zh: 广州, en: Guangzhou}}
  - name: heavy_f00
    category: business
    label: {zh: 高F00, en: Heavy f00}
    rule: f00 >= 8
  - name: heavy_f05
    category: business
    label: {zh: 高F05, en: Heavy f05}
    rule: f05 >= 8 and f06 >= 4
"""

PRODUCTS = """products:
  - id: alpha
    name: {zh: 甲套餐, en: Alpha plan}
    target: tag(heavy_f00)
    priority: 30
  - id: beta
    name: {zh: 乙套餐, en: Beta plan}
    eligibility: f01 >= 1
    target: f02 >= 6 or tag(heavy_f05)
    priority: 20
  - id: gamma
    name: {zh: 丙套餐, en: Gamma plan}
    target: at_least(2, f03 >= 5, f04 >= 5, f07 >= 5)
    priority: 10
"""


def generate(path, customers):
    """The segmentation benchmark's warehouse wide table, with a phone number per customer."""
    from widetable import generate_wide_table

    generate_wide_table(path, customers, ["'13' || lpad((hash(i, 903) % 1000000000)::VARCHAR, 9, '0') AS phone"])


def segmenta(workspace, *args, stdin=None):
    result = subprocess.run([str(SEGMENTA), *map(str, args), "--workspace", str(workspace)], input=stdin,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"segmenta {' '.join(map(str, args))} failed:\n{result.stderr}{result.stdout}")
    return result.stdout


def build_workspace(folder, customers):
    csv = folder / "customers.csv"
    generate(csv, customers)
    workspace = folder / "server.db"
    started = time.perf_counter()
    segmenta(workspace, "init")
    segmenta(workspace, "import", "customers", csv)
    segmenta(workspace, "segment", "--name", "value", "--k", "8", "--seed", "1")
    (folder / "tags.yaml").write_text(TAGS)
    segmenta(workspace, "tags", "define", "--spec", folder / "tags.yaml")
    segmenta(workspace, "tags", "apply")
    (folder / "products.yaml").write_text(PRODUCTS)
    segmenta(workspace, "products", "define", "--catalog", folder / "products.yaml")
    segmenta(workspace, "users", "add", "desk", "--role", "frontline", stdin="front-line-password-1\n")
    segmenta(workspace, "users", "add", "ana", "--role", "analyst", stdin="analyst-password-1\n")
    front = segmenta(workspace, "users", "token", "desk").strip()
    analyst = segmenta(workspace, "users", "token", "ana").strip()
    print(f"workspace: {customers:,} customers built in {time.perf_counter() - started:.1f} s")
    return workspace, front, analyst


def get(url, token, timeout=60):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def start_server(workspace):
    server = subprocess.Popen([str(SEGMENTA), "serve", "--workspace", str(workspace), "--port", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = server.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            # Keep reading the log so that the server never blocks on a full pipe.
            import threading
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            return server, int(match.group(1))
    server.kill()
    sys.exit("the server did not start")


def wrk(url, headers, seconds, script=None):
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        match = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if errors or socket_errors:
        sys.exit(f"wrk saw failed requests:\n{output}")
    return rate, percentile("50"), percentile("99")


def post(url, token, body, timeout=60):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def timed(url, token, runs, body=None):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _ = get(url, token) if body is None else post(url, token, body)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            sys.exit(f"{url} answered {status}")
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(temporary)
        workspace, front, analyst = build_workspace(folder, args.customers)
        server, port = start_server(workspace)
        base = f"http://127.0.0.1:{port}"
        try:
            started = time.perf_counter()
            while True:
                try:
                    status, _ = get(f"{base}/api/v1/customers/K00000001", front)
                    if status == 200:
                        break
                except urllib.error.HTTPError as error:
                    if error.code != 409:
                        raise
                if time.perf_counter() - started > 300:
                    sys.exit("the customer directory did not load in 300 s")
                time.sleep(0.2)
            print(f"customer directory ready {time.perf_counter() - started:.1f} s after the server started")
            script = folder / "lookup.lua"
            script.write_text(
                "math.randomseed(7)\n"
                "request = function()\n"
                f"  return wrk.format(nil, string.format('/api/v1/customers/K%08d', math.random(1, {args.customers})))\n"
                "end\n")
            auth = [f"Authorization: Bearer {front}"]
            lookup_rate, lookup_p50, lookup_p99 = wrk(base + "/", auth, args.seconds, str(script))
            health_rate, health_p50, health_p99 = wrk(base + "/api/v1/health", [], args.seconds)
            page_median, page_p95 = timed(f"{base}/segments/value", analyst, 30)
            members_median, members_p95 = timed(f"{base}/api/v1/segmentations/value/members?limit=50", analyst, 30)
            rule = {"rule": "f00 >= 8 and segment(value) = 2 and not tag(heavy_f05)", "count": True}
            _, answer = post(f"{base}/api/v1/rules/check", analyst, rule)
            matches = json.loads(answer)["matches"]
            rule_median, rule_p95 = timed(f"{base}/api/v1/rules/check", analyst, 30, rule)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    print()
    print(f"server load on loopback, {args.customers:,} customers, wrk -t2 -c64 -d{args.seconds}s on the same 2 cores")
    print(f"{'route':<44}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    print(f"{'GET /api/v1/customers/{id} (front line)':<44}{lookup_rate:>10.0f}{lookup_p50:>9.2f}{lookup_p99:>9.2f}")
    print(f"{'GET /api/v1/health (no work: ceiling)':<44}{health_rate:>10.0f}{health_p50:>9.2f}{health_p99:>9.2f}")
    print(f"lookup throughput is {lookup_rate / health_rate:.2f} of the ceiling; target >= 10,000 req/s with "
          f"p99 <= 20 ms: {'met' if lookup_rate >= 10_000 and lookup_p99 <= 20 else 'NOT met'}")
    print(f"{'page or route':<44}{'median ms':>10}{'p95 ms':>9}")
    print(f"{'GET /segments/value (explorer page)':<44}{page_median:>10.1f}{page_p95:>9.1f}")
    print(f"{'GET /api/v1/segmentations/value/members':<44}{members_median:>10.1f}{members_p95:>9.1f}")
    print(f"{'POST /api/v1/rules/check (count)':<44}{rule_median:>10.1f}{rule_p95:>9.1f}   ({matches:,} matches)")
    print(f"explorer page target <= 200 ms: {'met' if page_p95 <= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
