# SPDX-License-Identifier: MIT
"""The page of `samlok serve :demo --lang sv`, as a user sees it in
Chromium, reads as Swedish: its visible text once the scenario as loaded
is planned, and again after a lever moved, a sweep drawn and the variants
compared, has no English word and no raw code. The scan is the HTML
report's (tests/reports/lang_scan.py and check_lang.py, imported: the catalogue's English
and Swedish words, the scenario's own words and codes allowed), with one
more source of English words: every word the English page shows, so a
word of the page that the catalogue lacks is caught as well. Besides:

- numbers follow the language as the report's do: no decimal point and no
  comma between groups of three digits on the Swedish page;
- each verdict reads the same in the headline chips as on the report's
  verdict cards of the same page (one wording per verdict), in both
  languages;
- no console error (the page reports a word it was not given).

It shares no code with src/ or serve/: the vocabulary comes from
po/sv.po, the text from the page Chromium shows (tests/browser/serve_text.mjs).

usage: check_page_lang.py SAMLOK NODE"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'reports'))
import check_lang  # noqa: E402  (the report's page text: Visible)
import lang_scan  # noqa: E402  (the scan: catalogue, words, scan)

from serve_common import finish  # noqa: E402

SCRIPT = os.path.join(HERE, '..', 'browser', 'serve_text.mjs')
FULL = 1200  # a count of four digits: "1 200" in Swedish (U+202F), "1,200" in English
OPTIONS = ['--iterations', str(FULL), '--quick-iterations', '100', '--threads', '2']


def page(samlok, node, lang):
    p = subprocess.run([node, SCRIPT, samlok, '--lang', lang, *OPTIONS], capture_output=True,
                       timeout=540)
    if p.returncode == 77:
        print(p.stdout.decode().strip())
        sys.exit(77)
    if p.returncode != 0:
        raise SystemExit(f'FAIL: serve_text.mjs --lang {lang}: exit {p.returncode}\n'
                         f'{p.stdout.decode()[-1500:]}{p.stderr.decode()[-1500:]}')
    return json.loads(p.stdout)


def untruncated(chunk, data):
    """The chunk with a name the page cut short ("Security protection
    agreement and cons...", a chart's label) read as the scenario's word it
    begins, so a cut word is not taken for an English one."""
    def whole(m):
        word = next((w for w in sorted(data) if w.startswith(m.group(1))), m.group(1))
        return word + m.group(2)
    return re.sub(r'(\w+)(\.\.\.|\u2026)', whole, chunk)


def visible(html):
    v = check_lang.Visible()
    v.feed(html)
    return v


def main():
    samlok, node = os.path.abspath(sys.argv[1]), sys.argv[2]
    fails = []
    en, sv, _ = lang_scan.catalogue(lang_scan.PO)
    with tempfile.TemporaryDirectory() as work:
        lang_scan.run(samlok, ['demo', '--write-scenario', 'scen'], work)
        data, data_codes = lang_scan.data_words(os.path.join(work, 'scen'))

    # the two pages at once: each waits on its browser and server most of
    # the time, and the two languages share nothing
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        english, swedish = pool.map(lambda lang: page(samlok, node, lang), ('en', 'sv'))
    for name, got in (('en', english), ('sv', swedish)):
        for p in got['problems']:
            fails.append(f'--lang {name}: {p}')
        # one wording per verdict: the chips say what the report's cards say
        badge = {b['agency']: b['text'] for b in got.get('badges', [])}
        for c in got.get('chips', []):
            said = c['text']
            if c['agency'] in badge and said != badge[c['agency']]:
                fails.append(f'--lang {name}: chip {c["agency"]} ({c["verdict"]}) says {said!r}, '
                             f'the report\'s card {badge[c["agency"]]!r}')
        if len(got.get('chips', [])) < 2:
            fails.append(f'--lang {name}: {len(got.get("chips", []))} verdict chips')
    if 'after' not in english or 'after' not in swedish:  # the page could not be driven
        finish('serve/page-lang', fails)

    # every word the English page shows, beside the catalogue's
    en_page = set()
    for key in ('loaded', 'after'):
        for chunk in visible(english[key]).chunks:
            en_page |= lang_scan.words(chunk)
    english_words = en | (en_page - data)

    for key, when in (('loaded', 'as loaded'), ('after', 'after a change, a sweep, a comparison')):
        v = visible(swedish[key])
        if v.lang != 'sv':
            fails.append(f'{when}: <html lang="{v.lang}">, expected "sv"')
        if len(v.chunks) < 150:
            fails.append(f'{when}: only {len(v.chunks)} pieces of visible text')
        for chunk in v.chunks:
            lang_scan.scan(f'page {when}', untruncated(chunk, data), english_words, sv, data,
                            data_codes, fails)
            # numbers as the report writes them in Swedish: a decimal comma
            # (dates are YYYY-MM-DD, no point in them)
            for m in re.finditer(r'\d\.\d', chunk):
                fails.append(f'page {when}: a decimal point {m.group(0)!r} in {chunk[:160]!r}')
    # the iteration count grouped, and shares with the percent sign, as po/sv.po says
    sv_text = ' '.join(visible(swedish['after']).chunks)
    en_text = ' '.join(visible(english['after']).chunks)
    for text, lang, want, not_want in ((sv_text, 'sv', '1\u202f200', '1,200'),
                                       (en_text, 'en', '1,200', '1\u202f200')):
        if want not in text or not_want in text:
            fails.append(f'--lang {lang}: the iteration count {FULL} is not written {want!r}')
    if not re.search(r'\d,\d\u00a0%', sv_text):
        fails.append('the Swedish page writes no share as "83,1\u00a0%"')
    finish('serve/page-lang', fails)


if __name__ == '__main__':
    main()
