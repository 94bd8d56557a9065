"""Running a step in a child process and measuring its wall time and peak memory.

Linux keeps a process's peak resident size across exec, so a command started straight from a large
Python process would report at least that process's size. `run_measured` therefore starts the
command from a small helper (this file run as a script), whose fresh child reports its own peak.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def measure(command, out_path, err_path):
    """Runs `command`, writing its output to the two files; returns (seconds, peak RSS MB, exit code)."""
    started = time.perf_counter()
    with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
        process = subprocess.Popen(command, stdout=out_file, stderr=err_file)
        _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def run_measured(command, *, label):
    """Runs a command through the helper; returns (seconds, peak RSS MB, stdout); exits on failure."""
    with tempfile.TemporaryDirectory() as folder:
        out_path, err_path = os.path.join(folder, "out"), os.path.join(folder, "err")
        helper = subprocess.run([sys.executable, "-S", __file__, out_path, err_path, *map(str, command)],
                                check=True, capture_output=True, text=True)
        seconds, peak, code = json.loads(helper.stdout)
        with open(out_path) as out_file, open(err_path) as err_file:
            out, err = out_file.read(), err_file.read()
    if code != 0:
        sys.exit(f"{label} failed:\n{err}\n{out}")
    return seconds, peak, out


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[3:], sys.argv[1], sys.argv[2])))
