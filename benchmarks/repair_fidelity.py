"""Lost-ligature repair: fidelity on the test corpus and speed on book-length text.

Usage: python benchmarks/repair_fidelity.py

Prints (nothing is asserted here; tests/ingest/test_fidelity.py asserts the bounds):

1. false repairs per 10,000 words of the undamaged corpus (tests/data/fidelity);
2. per language, on the same texts with their ligatures removed as seed 001 shows
   (tests/fixtures/fidelity.py): words restored of all damaged words, of the damaged words
   the rules allow restoring ("recoverable": no piece of three letters or fewer to extend,
   no pair of real words to join), and invented words per 100 repairs — text by text
   (short documents) and each language's texts as one document (a report);
3. repair time for 50 to 350 pages (2,500 characters a page) of clean and of damaged text,
   beside a plain regular-expression tokenisation pass over the same text, CPU seconds
   (best of three).
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkcase.ingest.repair.lexicon import WORDLIST_LANGUAGES
from nkcase.ingest.repair.pipeline import repair_text
from tests.fixtures.fidelity import Score, corpus, damage, score

WORDS = re.compile(r"[^\W\d_]+")
PAGE_CHARS = 2_500


def false_repairs() -> None:
    texts = corpus()
    words = sum(len(WORDS.findall(t.text)) for t in texts)
    repairs = sum(1 for t in texts for r in repair_text(t.text).repairs if r.kind == "ligature")
    languages = len({t.lang for t in texts})
    print(f"undamaged corpus: {len(texts)} texts, {languages} languages, {words:,} words")
    rate = repairs * 10_000 / words
    print(f"  false lost-ligature repairs: {repairs} ({rate:.2f} per 10,000 words)")


def _row(lang: str, s: Score) -> str:
    word_list = "   " if lang == "all" else "yes" if lang in WORDLIST_LANGUAGES else "no "
    invented = f"{100 * s.invented / s.repairs:.1f}" if s.repairs else "  - "
    return (
        f"  {lang:<3} {word_list}  {s.damaged_words:>5}  {s.restored:>5} {s.restoration:>6.1%}"
        f"  {s.recoverable:>5}  {s.recovered:>5} {s.recoverable_restoration:>6.1%}"
        f"  {s.repairs:>6}  {s.invented:>4}  {invented:>6}"
    )


def _sum(scores: list[Score]) -> Score:
    return Score(
        *(
            sum(getattr(s, f) for s in scores)
            for f in (
                "damaged_words",
                "restored",
                "recoverable",
                "recovered",
                "repairs",
                "invented",
            )
        )
    )


def restoration() -> None:
    header = "  lang list  damaged restored      recov.  recov.d        repairs inv.  per 100"
    texts = [t for t in corpus() if not t.ocr]
    per_text: dict[str, list[Score]] = defaultdict(list)
    joined: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        result = repair_text(damage(text.text))
        per_text[text.lang].append(score(text.text, result.text, result.repairs, text.lang))
        joined[text.lang].append(text.text)
    print("\nsynthetic damage, text by text (short documents):")
    print(header)
    for lang in sorted(per_text):
        print(_row(lang, _sum(per_text[lang])))
    print(_row("all", _sum([s for scores in per_text.values() for s in scores])))
    print("\nsynthetic damage, each language's texts as one document:")
    print(header)
    totals = []
    for lang in sorted(joined):
        original = "\n\n".join(joined[lang])
        result = repair_text(damage(original))
        found = score(original, result.text, result.repairs, lang)
        totals.append(found)
        print(_row(lang, found))
    print(_row("all", _sum(totals)))
    print("  (list: a word list ships for the language; without one, no repair is right)")


def _cpu(run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def speed() -> None:
    base = "\n\n".join(t.text for t in corpus() if t.lang == "en" and not t.ocr)
    repair_text("sanc ons")  # load the word lists once, as the first import of a session does
    print("\nrepair time (CPU s, best of 3) beside a regex tokenisation pass:")
    print("  pages   chars      clean  damaged   regex  clean/page  damaged/page")
    for pages in (50, 100, 200, 350):
        size = pages * PAGE_CHARS
        clean = (base + "\n\n") * (size // len(base) + 1)
        clean = clean[:size]
        damaged = damage(clean)
        t_clean = _cpu(lambda c=clean: repair_text(c))
        t_damaged = _cpu(lambda d=damaged: repair_text(d))
        t_regex = _cpu(lambda c=clean: WORDS.findall(c))
        print(
            f"  {pages:>5}  {size:>7,}  {t_clean:>7.3f}  {t_damaged:>7.3f}  {t_regex:>6.3f}"
            f"  {1000 * t_clean / pages:>7.2f} ms  {1000 * t_damaged / pages:>9.2f} ms"
        )
    print("  (damaged: every ligature of the book lost, as in seed 001 — the worst case)")


def main() -> int:
    false_repairs()
    restoration()
    speed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
