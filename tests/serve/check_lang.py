# SPDX-License-Identifier: MIT
"""`samlok serve :demo --lang sv` shows its page in Swedish: the page says
<html lang="sv">, and every section heading of the report's front page
(/api/front) is the Swedish translation that po/sv.po gives for the heading
the English server shows, never the English one. The translations are read
from the .po file here, not through samlok's catalogue code. `--lang xx`
is a usage error (exit 2) that starts no server.

usage: check_lang.py SAMLOK PO_FILE"""
import html
import os
import re
import subprocess
import sys

from serve_common import Server, finish


def po_strings(path):
    """msgid -> msgstr of the file's plain (no context, no plural) entries."""
    out, cur, key, ctx = {}, {}, None, False
    def flush():
        if not ctx and 'msgid' in cur and 'msgstr' in cur and cur['msgstr']:
            out[cur['msgid']] = cur['msgstr']
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                if cur:
                    flush()
                cur, key, ctx = {}, None, False
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if m:
                key = m.group(1)
                if key == 'msgctxt' or key.startswith('msgstr['):
                    ctx = True
                cur[key] = m.group(2)
            elif line.startswith('"') and key:
                cur[key] += line[1:-1]
    flush()
    unescape = lambda s: s.replace('\\"', '"').replace('\\n', '\n').replace('\\\\', '\\')
    return {unescape(k): unescape(v) for k, v in out.items()}


def headings(fragment):
    return [html.unescape(h) for h in re.findall(r'<h2>(.*?)</h2>', fragment.decode())]


def page_and_front(samlok, *args):
    s = Server(samlok, '--iterations', '200', '--quick-iterations', '100', '--threads', '2',
               *args)
    try:
        s.wait_full(0)
        page = s.request('GET', '/')
        front = s.request('GET', '/api/front')
    finally:
        code, err = s.stop()
    return page, front, code, err


def main():
    samlok, po = sys.argv[1], sys.argv[2]
    failures = []
    sv = po_strings(po)

    en_page, en_front, _, _ = page_and_front(samlok)
    sv_page, sv_front, code, err = page_and_front(samlok, '--lang', 'sv')
    if code != 0:
        failures.append(f'--lang sv server ended {code}: {err[-300:]!r}')
    for name, (status, _, body) in [('en page', en_page), ('en front', en_front),
                                     ('sv page', sv_page), ('sv front', sv_front)]:
        if status != 200:
            failures.append(f'{name}: status {status}: {body[:200]!r}')
    if b'<html lang="en">' not in en_page[2]:
        failures.append('the English page does not say <html lang="en">')
    if b'<html lang="sv">' not in sv_page[2]:
        failures.append('the Swedish page does not say <html lang="sv">')

    en_h, sv_h = headings(en_front[2]), headings(sv_front[2])
    if len(en_h) < 3:
        failures.append(f'the English front page has only {len(en_h)} headings: {en_h}')
    if len(en_h) != len(sv_h):
        failures.append(f'headings differ in number: {en_h} / {sv_h}')
    translated = 0
    for e, s in zip(en_h, sv_h):
        want = sv.get(e)
        if want is None:
            failures.append(f'no Swedish for the heading {e!r} in {po}')
        elif s != want:
            failures.append(f'heading {e!r}: {s!r} on the Swedish page, po/sv.po says {want!r}')
        elif want != e:
            translated += 1
    if translated < 3:
        failures.append(f'only {translated} headings differ from English: {sv_h}')
    # the same headings on the whole page too (the front fragment is embedded)
    for s in sv_h:
        if html.escape(s, quote=False).encode() not in sv_page[2] + sv_front[2]:
            failures.append(f'{s!r} not on the Swedish page')

    bad = subprocess.run([samlok, 'serve', ':demo', '--port', '0', '--lang', 'xx'],
                         capture_output=True, timeout=60, env=dict(os.environ, LC_ALL='C'))
    if bad.returncode != 2:
        failures.append(f'--lang xx: exit {bad.returncode}, want 2 ({bad.stderr[-200:]!r})')
    if bad.stdout:
        failures.append(f'--lang xx wrote to standard output: {bad.stdout[:200]!r}')
    if b'xx' not in bad.stderr:
        failures.append(f'--lang xx: the message does not name it: {bad.stderr!r}')
    finish('serve/lang', failures)


if __name__ == '__main__':
    main()
