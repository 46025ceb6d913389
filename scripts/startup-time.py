#!/usr/bin/env python3
# Start-up time of a server command: from exec to the port accepting and to the first bytes (INFO),
# 8 starts. Usage: scripts/startup-time.py ./jnatsd -a 127.0.0.1 -p {port}   ({port}: 15000 + i)
import socket, subprocess, sys, time, os, signal, statistics
args = sys.argv[1:]
res_acc, res_info = [], []
for i in range(8):
    port = 15000 + i
    t0 = time.monotonic()
    p = subprocess.Popen([a.replace('{port}', str(port)) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    acc = None
    while True:
        try:
            s = socket.create_connection(('127.0.0.1', port), timeout=5)
            acc = time.monotonic() - t0
            break
        except OSError:
            time.sleep(0.002)
    s.settimeout(5)
    d = s.recv(10)
    info = time.monotonic() - t0
    s.close()
    p.send_signal(signal.SIGTERM); p.wait()
    res_acc.append(acc * 1000); res_info.append(info * 1000)
print("accept median %.0f ms, first INFO median %.0f ms (min %.0f max %.0f)" % (statistics.median(res_acc), statistics.median(res_info), min(res_info), max(res_info)))
