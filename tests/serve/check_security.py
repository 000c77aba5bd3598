#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`samlok serve` refuses what it must, with the right status, and keeps
serving: no token (401), a wrong token (403), a wrong Host header (421), a
foreign Origin (403), a change whose token is not in its header (403), an
oversize body (413), a POST without a length (411), an oversize address
(414), malformed parameters, an unknown parameter or a path that is no
control (400), a path into files (403), a wrong method (405), an unknown
address (404). After every refusal the server still answers, and no
refused request queued a plan. Every response carries the security
headers. Then: a change shows a quick pass and then the full count, each
labelled with its iterations and standard error; a newer change cancels
a stale run, whose full pass is never shown; SIGTERM ends it cleanly.

    check_security.py SAMLOK
"""
import re
import signal
import sys
import time
import urllib.parse

from serve_common import Server, finish

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def refused(s, what, status, method, path, **kw):
    got, headers, body = s.request(method, path, **kw)
    check(got == status, f'{what}: {got} {body[:160]!r}, expected {status}')
    if status == 431:  # libmicrohttpd's own answer, before samlok sees the request
        return s.state()['request']
    check("default-src 'none'" in headers.get('content-security-policy', ''),
          f'{what}: no CSP header')
    check(headers.get('x-content-type-options') == 'nosniff', f'{what}: no nosniff')
    check(headers.get('referrer-policy') == 'no-referrer', f'{what}: no referrer policy')
    if got == 405:
        check('allow' in headers, f'{what}: 405 without Allow')
    # still serving, and nothing was queued by a refusal
    before = s.state()['request']
    return before


def main():
    samlok = sys.argv[1]
    s = Server(samlok, '--iterations', '400', '--quick-iterations', '100', '--threads', '2')
    s.wait_full(0)
    tok = s.token
    plan_body = urllib.parse.urlencode([('set', 'deadline=2028-06-30')])
    cases = [
        ('no token, page', 401, 'GET', '/', dict(token=None)),
        ('no token, state', 401, 'GET', '/api/state', dict(token=None)),
        ('no token, change', 401, 'POST', '/api/plan', dict(token=None, body=plan_body)),
        ('wrong token', 403, 'GET', '/api/state', dict(token='x' * len(tok))),
        ('token one character off', 403, 'GET', '/api/state',
         dict(token=tok[:-1] + ('A' if tok[-1] != 'A' else 'B'))),
        ('token prefix', 403, 'GET', '/api/state', dict(token=tok[:-1])),
        ('token with more', 403, 'GET', '/api/state', dict(token=tok + 'x')),
        ('empty token', 403, 'GET', '/api/state', dict(token='')),
        ('wrong token in the header', 403, 'POST', '/api/plan',
         dict(token=None, headers={'X-Samlok-Token': 'nope'}, body=plan_body)),
        ('wrong Host', 421, 'GET', '/api/state', dict(host=f'evil.example:{s.port}')),
        ('Host without the port', 421, 'GET', '/api/state', dict(host='127.0.0.1')),
        ('Host localhost', 421, 'GET', '/api/state', dict(host=f'localhost:{s.port}')),
        ('no Host', 421, 'GET', '/api/state', dict(host=None)),
        ('foreign Origin', 403, 'POST', '/api/plan',
         dict(token='header', headers={'Origin': 'http://evil.example'}, body=plan_body)),
        ('token in the query of a change', 403, 'POST', '/api/plan',
         dict(token='query', body=plan_body)),
        ('oversize body', 413, 'POST', '/api/plan',
         dict(token='header', body='set=' + 'a' * 70000)),
        ('POST without a length', 411, 'POST', '/api/plan',
         dict(token='header', headers={'Transfer-Encoding': 'chunked'}, body=b'0\r\n\r\n')),
        ('oversize address', 414, 'GET', '/api/state?x=' + 'a' * 5000, {}),
        ('oversize headers', 431, 'GET', '/api/state', dict(headers={'X-Big': 'a' * 30000})),
        ('bad escape', 400, 'POST', '/api/plan', dict(token='header', body='set=%G1')),
        ('NUL byte', 400, 'POST', '/api/plan', dict(token='header', body='set=deadline%3D2028%00')),
        ('not UTF-8', 400, 'POST', '/api/plan', dict(token='header', body='set=%C3%28')),
        ('unknown parameter', 400, 'POST', '/api/plan', dict(token='header', body='sett=1')),
        ('unknown query parameter', 400, 'GET', '/api/state?debug=1', {}),
        ('too many parameters', 400, 'POST', '/api/plan',
         dict(token='header', body='&'.join(['set=deadline%3D2028-01-01'] * 300))),
        ('unknown key', 400, 'POST', '/api/plan',
         dict(token='header', body='set=agencies.SKV.staff.cost_per_hour%3D1')),
        ('unknown key, top level', 400, 'POST', '/api/plan', dict(token='header', body='set=seed%3D3')),
        ('a value the control does not take', 400, 'POST', '/api/plan',
         dict(token='header', body='set=agencies.SKV.staff.migration_hours_per_week%3D%7Bmin%3A+1%7D')),
        ('a YAML alias as a value', 400, 'POST', '/api/plan',
         dict(token='header', body='set=deadline%3D*a')),
        ('path-typed key', 403, 'POST', '/api/plan',
         dict(token='header', body='set=agencies.SKV.inventory%3D%5B%2Fetc%2Fpasswd%5D')),
        ('path-typed key, flows', 403, 'POST', '/api/plan',
         dict(token='header', body='set=agencies.AGY.flows%3D..%2F..%2Fsecret.csv')),
        ('path-typed key in a sweep', 403, 'POST', '/api/sweep',
         dict(token='header', body='x=agencies.SKV.inventory&xv=a.csv&y=deadline&yv=2028-01-01')),
        ('sweep over one control twice', 400, 'POST', '/api/sweep',
         dict(token='header', body='x=deadline&xv=2028-01-01&y=deadline&yv=2028-06-30')),
        ('GET on a change', 405, 'GET', '/api/plan', {}),
        ('PUT', 405, 'PUT', '/api/state', dict(token='header', body='')),
        ('OPTIONS (a CORS preflight)', 405, 'OPTIONS', '/api/plan',
         dict(token=None, headers={'Origin': f'http://127.0.0.1:{s.port}',
                                   'Access-Control-Request-Method': 'POST'})),
        ('a malformed query without a token', 401, 'GET', '/api/state?a=%G1', dict(token=None)),
        ('a malformed query with the token', 400, 'GET', '/api/state?a=%G1',
         dict(token='header')),
        ('POST on the page', 405, 'POST', '/', dict(token='header', body='')),
        ('unknown address', 404, 'GET', '/etc/passwd', {}),
        ('export of no variant', 404, 'GET', '/export/plan?id=999', {}),
        ('export with a bad id', 400, 'GET', '/export/scenario?id=..%2F1', {}),
    ]
    queued = s.state()['request']
    for what, status, method, path, kw in cases:
        after = refused(s, what, status, method, path, **kw)
        check(after == queued, f'{what}: a refused request queued a plan ({queued} -> {after})')
        queued = after

    # the page: its own script and style only, by a nonce
    status, headers, body = s.request('GET', '/')
    csp = headers.get('content-security-policy', '')
    check(status == 200 and "script-src 'nonce-" in csp and 'unsafe' not in csp and
          "connect-src 'self'" in csp and "frame-ancestors 'none'" in csp, f'page CSP: {csp}')
    # one script that runs, by the nonce, loading nothing; the page's words
    # are data (type application/json), which a browser never runs
    tags = re.findall(rb'<script[^>]*>', body)
    runs = [t for t in tags if b'application/json' not in t]
    check(len(runs) == 1 and b'nonce=' in runs[0] and b'src' not in b''.join(tags) and
          tags.count(b'<script type="application/json" id="samlok-words">') == len(tags) - 1 and
          b'http' not in body.split(runs[0])[1], f'the page loads a script from elsewhere: {tags}')
    status2, headers2, _ = s.request('GET', '/')
    check(headers2.get('content-security-policy') != csp, 'the nonce is the same for two pages')

    # a change: a quick pass, then the full count, both labelled
    code, err = s.stop()
    check(code == 0, f'SIGTERM: exit {code} {err[-2000:]!r}')
    s = Server(samlok, '--iterations', '60000', '--quick-iterations', '200', '--threads', '2')
    s.wait_full(0, timeout=600)
    status, _, body = s.post('/api/plan', [('set', 'deadline=2028-12-31')])
    check(status == 202, f'a change: {status} {body!r}')
    request = int(body.split(b':')[1].rstrip(b'}'))
    seen = set()
    end = time.time() + 600
    while time.time() < end:
        r = s.state()['result']
        if r and r['request'] == request:
            seen.add((r['pass'], r['iterations'], r['summary']['p_on_time_stderr'] is not None))
            if r['pass'] == 'full':
                break
        time.sleep(0.01)
    check(('quick', 200, True) in seen, f'no quick pass of 200 iterations shown: {seen}')
    check(('full', 60000, True) in seen, f'no full pass of 60000 iterations shown: {seen}')

    # a stale run is cancelled: its full pass never shows
    _, _, body = s.post('/api/plan', [('set', 'deadline=2029-06-30')])
    stale = int(body.split(b':')[1].rstrip(b'}'))
    while time.time() < end:  # until its full pass runs
        st = s.state()
        if st['running'] == stale and st['running_pass'] == 'full':
            break
        time.sleep(0.01)
    t0 = time.time()
    cancelled = s.state()['cancelled_runs']
    _, _, body = s.post('/api/plan', [('set', 'deadline=2029-12-31')])
    newest = int(body.split(b':')[1].rstrip(b'}'))
    shown = set()
    while time.time() < end:
        st = s.state()
        r = st['result']
        shown.add((r['request'], r['pass']))
        if r['request'] == newest and r['pass'] == 'full' and st['running'] is None:
            break
        time.sleep(0.01)
    check((stale, 'full') not in shown, 'the full pass of a stale request was shown')
    check(s.state()['cancelled_runs'] > cancelled, 'the stale run was not cancelled')
    labels = [v['label'] for v in s.state()['variants']]
    check('deadline=2029-06-30' not in labels, f'a cancelled run became a variant: {labels}')
    print(f'a newer change answered in full {time.time() - t0:.1f} s after it was sent')

    code, err = s.stop(signal.SIGINT)
    check(code == 0, f'SIGINT: exit {code} {err[-2000:]!r}')
    finish('serve/security', failures)


if __name__ == '__main__':
    main()
