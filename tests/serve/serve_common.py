# SPDX-License-Identifier: MIT
"""What the tests of `samlok serve` share: start a server on a free port and
read its address from the first line of its standard output, send raw HTTP
requests (any Host header, any body), read the server's resident memory,
and stop it, checking that it ends cleanly."""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse

ADDRESS = re.compile(r'^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{43,})$')


class Server:
    def __init__(self, samlok, *args, env=None):
        e = dict(os.environ, LC_ALL='C')
        # a small quarantine, so a sanitizer build's memory follows the
        # program's own (the default keeps 256 MB of freed memory)
        e['ASAN_OPTIONS'] = (e.get('ASAN_OPTIONS', '') + ':quarantine_size_mb=4').lstrip(':')
        e.update(env or {})
        self.proc = subprocess.Popen([samlok, 'serve', ':demo', '--port', '0', *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
        self.first = self.proc.stdout.readline().decode().rstrip('\n')
        m = ADDRESS.match(self.first)
        if not m:
            self.proc.kill()
            raise SystemExit(f'FAIL: first line is not the address: {self.first!r} '
                             f'{self.proc.stderr.read().decode()}')
        self.port, self.token = int(m.group(1)), m.group(2)
        self.host = f'127.0.0.1:{self.port}'

    def request(self, method, path, body=None, headers=None, token='query', host=...,
                timeout=60):
        """(status, headers, body). token: 'query', 'header', None, or a
        string put in the query; host: the Host header, None for none."""
        h = {'Host': self.host if host is ... else host}
        if token == 'query':
            path += ('&' if '?' in path else '?') + 'token=' + self.token
        elif token == 'header':
            h['X-Samlok-Token'] = self.token
        elif token is not None:
            path += ('&' if '?' in path else '?') + 'token=' + urllib.parse.quote(token)
        h.update(headers or {})
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in h.items():
            if v is not None:
                c.putheader(k, v)
        data = body.encode() if isinstance(body, str) else body
        if data is not None and 'Content-Length' not in h and 'Transfer-Encoding' not in h:
            c.putheader('Content-Length', str(len(data)))
        c.endheaders()
        if data is not None:
            c.send(data)
        r = c.getresponse()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        c.close()
        return out

    def post(self, path, pairs, **kw):
        body = urllib.parse.urlencode(pairs)
        return self.request('POST', path, body=body, token='header', **kw)

    def state(self):
        status, _, body = self.request('GET', '/api/state')
        if status != 200:
            raise SystemExit(f'FAIL: /api/state answered {status}: {body[:200]}')
        return json.loads(body)

    def wait_full(self, request, timeout=300):
        """The state once the full pass of `request` (or a newer one) shows."""
        end = time.time() + timeout
        while time.time() < end:
            st = self.state()
            r = st['result']
            if r and r['request'] >= request and r['pass'] == 'full' and st['running'] is None:
                return st
            time.sleep(0.05)
        raise SystemExit(f'FAIL: request {request} not planned in {timeout} s')

    def rss_kib(self):
        with open(f'/proc/{self.proc.pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return 0

    def stop(self, sig=signal.SIGTERM):
        """Stops the server; its exit status and standard error."""
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return 'hung', b''
        return code, self.proc.stderr.read()


def finish(name, failures):
    if failures:
        print(f'FAIL {name}: {len(failures)} problems')
        for f in failures[:50]:
            print('  ' + f)
        sys.exit(1)
    print(f'ok {name}')
