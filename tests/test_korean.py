"""The Korean edition: the wording module holds to English's templates and functions, every Korean chart passes
the placement check at every size, titles count what the English ones count, numbers and dates take the
documented forms, nothing English is left on a chart unless it is ledger text, and drawing warns of nothing."""

from __future__ import annotations

import inspect
import io
import logging
import re
import string
import warnings
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from matplotlib import rc_context
from test_charts_sizes import VARIANTS, check

from troopledger import charts, words
from troopledger.charts import style

ROOT = Path(__file__).resolve().parents[1]
EN, KO = words.get("en"), words.get("ko")
NB = "\u00a0"


def draw(ledger, slug: str, size: str = "column", compact: bool = False):
    with rc_context(charts.rc("ko")):
        return charts.make_chart(ledger, slug, style.SIZES[size], compact, lang="ko")


# ------------------------------------------------------------------------------------- same names as English


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _public(module: ModuleType) -> dict[str, object]:
    return {
        k: v
        for k, v in vars(module).items()
        if not k.startswith("_") and not isinstance(v, ModuleType) and k != "annotations"
    }


@pytest.mark.parametrize("lang", [lang for lang in words.LANGUAGES if lang != "en"])
def test_every_language_module_has_the_english_templates_plurals_and_functions(lang):
    m = words.get(lang)
    assert set(m.T) == set(EN.T)
    grammar_only = getattr(m, "_GRAMMAR_ONLY", {})
    for key, template in EN.T.items():
        assert _placeholders(m.T[key]) == _placeholders(template) - grammar_only.get(key, set()), key
    assert set(m.PLURALS) == set(EN.PLURALS)
    for key, forms in EN.PLURALS.items():
        assert [_placeholders(f) for f in m.PLURALS[key]] == [_placeholders(f) for f in forms], key
    ours, theirs = _public(m), _public(EN)
    assert set(ours) == set(theirs)
    for name, value in theirs.items():
        if inspect.isfunction(value):
            assert inspect.signature(ours[name]) == inspect.signature(value), name
        else:
            assert type(ours[name]) is type(value), name
            if isinstance(value, dict):  # every key English words, worded too
                assert set(value) <= set(ours[name]), name


def test_korean_templates_use_every_value_the_english_ones_do():
    assert KO._GRAMMAR_ONLY == {}, "a value the Korean sentence drops is a fact the Korean reader does not get"


# ------------------------------------------------------------------------------------- placement and warnings


@pytest.mark.parametrize(("size", "compact"), VARIANTS, ids=[f"{s}-{'compact' if c else 'full'}" for s, c in VARIANTS])
def test_every_korean_chart_passes_the_placement_check(ledger, size, compact):
    preset = style.SIZES[size]
    bad = {}
    with rc_context(charts.rc("ko")):
        for slug in charts.chart_slugs(ledger):
            fig = charts.make_chart(ledger, slug, preset, compact, lang="ko")
            if problems := check(fig, preset, lang="ko"):
                bad[slug] = problems[:5]
    assert bad == {}


def test_drawing_korean_charts_warns_of_nothing(ledger, caplog):
    """No missing glyph (a warning), no font fallback (a log line): every character is in NanumGothic."""
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for slug in charts.chart_slugs(ledger):
            for size, compact in (("column", False), ("slide", True)):
                fig = draw(ledger, slug, size, compact)
                with rc_context(charts.rc("ko")):
                    fig.savefig(io.BytesIO(), format="png", dpi=72)
    assert [r.getMessage() for r in caplog.records] == []


def test_every_character_the_korean_wording_writes_is_in_the_font():
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    style.font("ko")
    path = font_manager.findfont(font_manager.FontProperties(family=style.KOREAN_FONT))
    cmap = TTFont(path).getBestCmap()
    source = Path(KO.__file__).read_text(encoding="utf-8")
    literals = "".join(re.findall(r'"([^"\\]*)"', source)) + "\u00a0"
    missing = {ch for ch in literals if ch not in "\n" and ord(ch) not in cmap}
    assert missing == set()


def test_korean_pdf_embeds_nanumgothic_as_truetype(ledger):
    fig = draw(ledger, "casualties", compact=True)
    buf = io.BytesIO()
    with rc_context(charts.rc("ko")):
        assert charts.rc("ko")["pdf.fonttype"] == 42
        fig.savefig(buf, format="pdf")
    pdf = buf.getvalue()
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NanumGothic\b", pdf)
    assert re.search(rb"/BaseFont /[A-Z]{6}\+NanumGothicBold\b", pdf)
    assert b"/FontFile2" in pdf and b"/CIDFontType2" in pdf  # TrueType outlines, not Type 3
    assert b"/Type3" not in pdf and b"DejaVu" not in pdf


def test_drawing_in_korean_leaves_the_readers_matplotlib_settings_alone(ledger):
    """The font comes from a pinned package without running it: a reader's own charts keep their font."""
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    charts.make_chart(ledger, "workers", lang="ko")
    assert dict(mpl.rcParams) == before
    assert style.font("ko") == ("NanumGothic", style.KOREAN_SVG_FONT_STACK)
    assert charts.rc("ko")["font.family"] == "NanumGothic"


# ------------------------------------------------------------------------------------- titles count what English counts

# English: 11,000; 6.5 million. Years (2024) and days (16 Feb 2026) are dates, '3 waves' a count of waves.
_EN_DATES = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} (?:19|20)\d\d\b|\b(?:19|20)\d\d\b|\b\d+ waves?\b")
_EN_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)( million)?")
# Korean: 1만1000명, 650만발, 8000~1만명, 3건 (a figure is followed by its counter, a range's low end by '~').
_KO_NUMBER = re.compile(r"(?<![\d만억])((?:\d+억)?(?:\d+만)?\d*)(?=명|발|기|개|헥타르|건|~)")


def en_values(text: str) -> list[int]:
    text = _EN_DATES.sub(" ", text)
    return sorted(round(float(a.replace(",", "")) * (1_000_000 if b else 1)) for a, b in _EN_NUMBER.findall(text))


def ko_values(text: str) -> list[int]:
    out = []
    for found in _KO_NUMBER.findall(text):
        if not found:
            continue
        m = re.fullmatch(r"(?:(\d+)억)?(?:(\d+)만)?(\d*)", found)
        eok, man, rest = (int(g) if g else 0 for g in m.groups())
        out.append(eok * 100_000_000 + man * 10_000 + rest)
    return sorted(out)


def test_korean_number_reading_of_the_test_itself():
    assert ko_values("국정원: 1만1000명; 8000~1만명; 약 650만발; 2025년 6월 26일 기준 3차례") == [
        8000,
        10_000,
        11_000,
        6_500_000,
    ]
    assert en_values("NIS: about 11,000 as of 16 Feb 2026 in 3 waves; 6.5 million in 2024") == [11_000, 6_500_000]


def test_korean_titles_count_what_the_english_titles_count(ledger):
    for slug in charts.chart_slugs(ledger):
        en = charts.info(charts.make_chart(ledger, slug)).title
        ko = charts.info(draw(ledger, slug)).title
        assert ko_values(ko) == en_values(en), (slug, en, ko)


def test_korean_titles_are_attributed_like_the_english_ones(ledger):
    """Every originator an English title names is named in the Korean title, in Korean."""
    names = {EN.SHORT_WHO.get(name, name): KO.SHORT_WHO.get(name) or KO._WHO[name] for name in KO._WHO}
    for slug in charts.chart_slugs(ledger):
        en = charts.info(charts.make_chart(ledger, slug)).title
        ko = charts.info(draw(ledger, slug)).title
        for who in re.findall(r"(?:^|; )([^:;]+): ", en):
            if who in names:
                assert f"{names[who]}:" in ko, (slug, who, ko)


def test_the_casualties_title_names_the_nis_and_its_figures(ledger):
    en = charts.info(charts.make_chart(ledger, "casualties")).title
    ko = charts.info(draw(ledger, "casualties")).title
    assert en.startswith("NIS: ") and ko.startswith("국정원: ")
    assert ko == (
        f"국정원: 북한군 사망자가 2024년 12월 기준 최소{NB}100명에서 2025년 9월 기준 약{NB}2000명으로 늘어, "
        "북한군 사상자는 2026년 2월 16일 기준 6000명"
    )


def test_the_waves_title_says_our_sum_is_ours(ledger):
    ko = charts.info(draw(ledger, "deployment-waves")).title
    assert ko.startswith("국정원: ") and ko.endswith("(자체 합산)")


# ------------------------------------------------------------------------------------- numbers, dates, words


def claim(measure: str, qualifier: str, low=None, best=None, high=None, as_reported: str = "", **more) -> pd.Series:
    row = {
        "measure": measure,
        "qualifier": qualifier,
        "low": low,
        "best": best,
        "high": high,
        "as_reported": as_reported,
        "as_of": "2025-06-26",
        "originator": "NIS",
        "conduit": "Lee Seong-kweun",
        "unit": "",
        "wave": None,
    }
    return pd.Series({**row, **more}, dtype=object)


def test_numbers_are_written_in_ten_thousands():
    assert [KO.number(v) for v in (9, 600, 4000, 11_000, 42_400, 10_000_000, 6_500_000, 120_000_000)] == [
        "9",
        "600",
        "4000",
        "1만1000",
        "4만2400",
        "1000만",
        "650만",
        "1억2000만",
    ]
    assert [KO.tick(v) for v in (0.0, 5000.0, 10_000.0, 15_000.0, 5_000_000.0, -2000.0)] == [
        "0",
        "5000",
        "1만",
        "1만5000",
        "500만",
        "-2000",
    ]
    assert KO.n("claim", 87) == "주장 87건"


def test_figures_carry_their_counter_and_mean_what_their_qualifier_means():
    assert KO.phrase(claim("troops_sent", "exact", 11000, 11000, 11000)) == "1만1000명"
    assert KO.phrase(claim("troops_sent", "approximately", best=1000)) == f"약{NB}1000명"
    assert KO.phrase(claim("troops_sent", "at_least", low=3000)) == f"최소{NB}3000명"
    assert KO.phrase(claim("casualties", "more_than", low=6000)) == f"6000명{NB}초과"  # strictly more: not 이상
    assert KO.phrase(claim("troops_sent", "nearly", high=11000)) == f"거의{NB}1만1000명"
    assert KO.phrase(claim("troops_present", "range", low=8000, high=10000)) == "8000~1만명"
    assert KO.phrase(claim("artillery_shells", "approximately", best=6_500_000)) == f"약{NB}650만발"
    assert KO.phrase(claim("artillery_shells", "upper_estimate", high=6_000_000)) == "600만발(상한 추정치)"
    assert KO.phrase(claim("ballistic_missiles", "more_than", low=100)) == f"100기{NB}초과"
    assert KO.phrase(claim("hectares_cleared", "approximately", best=42_400)) == f"약{NB}4만2400헥타르"
    assert KO.phrase(claim("explosive_objects_destroyed", "more_than", low=1_500_000)) == f"150만개{NB}초과"
    assert KO.phrase(claim("workers_sent", "exact", 8000, 8000, 8000)) == "8000명"
    assert KO.phrase(claim("new_measure", "exact", 5, 5, 5)) == "5"  # no counter rather than a wrong one


def test_vague_words_are_translated_and_keep_their_floor():
    wounded = claim("wounded", "vague", low=2000, as_reported="thousands")
    assert KO.phrase(wounded) == f"“수천{NB}명”"
    assert KO.t("dis.vague", figure=KO.phrase(wounded), floor=KO.vague_floor(wounded)) == f"“수천{NB}명”(최소 2000명)"
    shells = claim("artillery_shells", "vague", low=3_000_000, as_reported="several million")
    assert KO.phrase(shells) == f"“수백만{NB}발”" and KO.vague_floor(shells) == "300만발"
    more = claim("troops_planned", "vague", low=2000, as_reported="thousands more")
    assert KO.phrase(more) == f"“추가 수천{NB}명”"
    assert KO.phrase(claim("wounded", "vague", low=20, as_reported="scores")) == "“[영문] scores”"


def test_our_sums_say_they_are_ours():
    assert KO.hedged(21_000, "approximately") == f"약{NB}2만1000명"
    assert KO.hedged(15_000, "exact") == "1만5000명"
    assert KO.hedged(10_000, "roughly") == f"대략{NB}1만명"
    assert KO.t("waves.sum", sum=KO.hedged(21_000, "approximately")) == f"파병 누계 약{NB}2만1000명(자체 합산)"
    assert KO.t("table.our_sum", total="1만5000명") == "1만5000명(자체 합산)"
    assert "(자체 계산)" in KO.t("waves.gap", gap="약 1만명")


def test_dates_take_the_korean_forms():
    assert KO.day("2025-06-26") == "2025년 6월 26일"
    assert KO.day(None) == "" and KO.day(pd.NaT) == ""
    assert KO.month("2025-06-26") == "2025년 6월" == KO.month_long("2025-06-26")
    assert KO.month_tick(pd.Timestamp("2025-01-01"), True) == "1월\n2025년"
    assert KO.month_tick(pd.Timestamp("2025-06-01"), False) == "6월"
    assert KO.span("2024-10-08", "2024-10-13") == "2024년 10월 8~13일"
    assert KO.span("2024-10-30", "2024-11-02") == "2024년 10월 30일~11월 2일"
    assert KO.span("2025-07-01", "2025-08-31", "month") == "2025년 7~8월"
    assert KO.span("2024-12-01", "2025-02-28", "season") == "2024년 12월~2025년 2월"
    assert KO.span("2024-01-01", "2024-12-31", "year") == "2024년"
    assert KO.span(None, None) == "날짜 미상" and KO.span(None, "2025-04-30") == "2025년 4월 30일까지"
    assert KO.period_words("2025-09-01", "2025-12-31", True, "month") == "2025년 9월부터"
    assert KO.period_name("2024-10-01", "2024-10-31", "month") == "2024년 10월"


def test_every_computed_date_says_whether_it_is_a_claim_or_a_publication_date():
    assert KO.claim_date(claim("killed", "exact", 9, 9, 9)) == "2025년 6월 26일 기준"
    assert KO.claim_date(claim("killed", "exact", 9, 9, 9, as_of=None)) == "주장 날짜 미상"
    assert KO.as_of("2025-04-30") == "2025년 4월 기준"
    src = pd.Series({"outlet": "The Independent", "carried_by": None, "published": "2025-06-16"})
    assert KO.published(src) == "2025년 6월 16일 보도"
    assert KO.citation(src) == "The Independent, 2025년 6월 16일 보도"
    assert KO.published(src.copy().replace({"2025-06-16": None})) == "보도일 미표기"
    carried = pd.Series({"outlet": "AP", "carried_by": "ajc.com", "published": "2025-02-27"})
    assert KO.outlet(carried) == "AP(ajc.com 게재)"  # outlet names stay as the ledger has them


def test_names_come_from_the_glossary_and_unknown_english_is_marked():
    c = claim("troops_present", "exact", 10, 10, 10)
    assert KO.who(c) == "국정원" and KO.attribution(c) == "국정원, 전달: 이성권 의원"
    gur = c.copy()
    gur["originator"] = "Ukraine's defence intelligence (GUR)"
    assert KO.who(gur) == "우크라이나 국방정보총국(GUR)" and KO.short_who(gur) == "우크라이나 정보총국"
    assert KO.where("Kursk region") == " 쿠르스크주 주둔" and KO.where(None) == ""
    assert KO.unit("engineers") == "공병"
    assert KO.unit("marines") == "[영문] marines"
    stranger = c.copy()
    stranger["originator"] = "Some Ministry"
    assert KO.who(stranger) == "[영문] Some Ministry"
    assert KO.ledger_text("October last year") == "[영문] October last year"  # free text, never paraphrased
    assert KO.ledger_text("Lee Seong-kweun") == "이성권 의원"
    wave3 = claim("killed", "exact", 9, 9, 9, wave=3, unit="engineers")
    assert KO.covers(wave3) == "3차 파병 공병"
    assert KO.measure_label("new_measure", "new things") == "[영문] new things"


def test_particles_follow_the_word_before_them():
    alt = KO.t("waves.alt_present", who="국정원", figure=f"약{NB}1만명", where="", day="2025년 11월 4일")
    assert alt == f"국정원은 2025년 11월 4일 기준 북한군을 약{NB}1만명으로 밝혔다."
    alt = KO.t("waves.alt_present", who="젤렌스키 대통령", figure="1만명", where=" 러시아 주둔", day="2026년 2월 20일")
    assert alt == "젤렌스키 대통령은 2026년 2월 20일 기준 러시아 주둔 북한군을 1만명으로 밝혔다."
    rose = KO.t("growth.rose", who="국정원", noun="포탄", first="500만발", d1="5월", d2="6월", last="1000만발")
    assert rose == "국정원: 포탄이 5월 기준 500만발에서 6월 기준 1000만발로 늘어"
    fell = KO.t("growth.fell", who="국정원", noun="사망자", first="약 600명", d1="5월", d2="6월", last="400명")
    assert fell == "국정원: 사망자가 5월 기준 약 600명에서 6월 기준 400명으로 줄어"
    assert KO.t("waves.note_dated_by", claim="C004", other="C015", period="x") == (
        "C004에는 시기가 없어 C015가 밝힌 시기에 그렸다: x."
    )
    assert KO.join(["가", "나", "다"]) == "가, 나 및 다" and KO.join(["가", "나"], "or") == "가 또는 나"


# ------------------------------------------------------------------------------------- nothing English left over

# Latin words a Korean chart may print: acronyms the glossary keeps, claim ids, and the README's file name.
ALLOWED_LATIN = {"GUR", "MSMT", "AP", "AFP", "figures", "ko", "README", "md"}  # and the path figures/ko/README.md
TEMPLATE_WORDS = ["as of", "about", "Source", "wave", "sent", "planned", "returned", "our sum", "killed", "wounded",
                  "reports", "more than", "at least", "nearly", "published", "Data", "via", "troops", "thousands",
                  "million", "Notes", "not attributed", "NIS", "JCS", "Kursk", "Russia"]  # fmt: skip


def _ledger_english(ledger) -> list[str]:
    """Text the Korean edition prints as the ledger has it: outlets, links, the dataset's title, free text."""
    out = list(ledger.sources["outlet"]) + list(ledger.sources["carried_by"].dropna()) + list(ledger.sources["url"])
    for col in ("caveat", "period_as_reported"):
        out += [KO.ledger_text(v) for v in ledger.claims[col].dropna()]
    out.append(ledger.meta.get("title", ""))
    return sorted({str(v) for v in out if str(v)}, key=len, reverse=True)


def _left_over(text: str, ledger_english: list[str]) -> str:
    for value in ledger_english:
        text = re.sub(r"(?<![A-Za-z])" + re.escape(value) + r"(?![A-Za-z])", " ", text)
    return re.sub(r"(?<![A-Za-z])C\d+(?!\d)", " ", text)  # claim ids, a particle may follow: 'C015가'


@pytest.mark.parametrize(("size", "compact"), [("column", False), ("page", True), ("slide", False)])
def test_no_english_is_left_on_a_korean_chart(ledger, size, compact):
    english = _ledger_english(ledger)
    found = {}
    for slug in charts.chart_slugs(ledger):
        fig = draw(ledger, slug, size, compact)
        info = charts.info(fig)
        # The frame's lines, joined with the spaces they were wrapped at, give back each note whole.
        texts = [" ".join(t.get_text() for t in fig.texts)]
        texts += [t.get_text() for ax in fig.axes for t in ax.findobj(lambda a: hasattr(a, "get_text"))]
        texts += [info.title, info.subtitle, info.caption, info.alt, *info.footnotes]
        left = _left_over(" \n ".join(texts), english)
        latin = set(re.findall(r"[A-Za-z]+", left)) - ALLOWED_LATIN
        words_ = [w for w in TEMPLATE_WORDS if re.search(rf"\b{re.escape(w)}\b", left, re.IGNORECASE)]
        if latin or words_:
            found[slug] = (sorted(latin), words_)
    assert found == {}


def test_korean_tables_are_worded_in_korean(ledger):
    from troopledger.outputs import tables

    table = tables.headed(tables.waves_table(ledger, KO), KO)
    assert {"차수", "구분", "수치", "파병누계", "주장주체", "게재매체", "주장일", "링크"} <= set(table.columns)
    assert set(table["구분"]) <= {"파병", "파병 예정", "귀환"}
    assert table["파병누계"].str.endswith("(자체 합산)").any()
    noted = tables.headed(tables.ledger_table(ledger, w=KO), KO)
    first = noted[noted["주장ID"] == "C003"].iloc[0]
    assert (first["수치"], first["항목"], first["주장주체"], first["전달자"]) == (
        "1만1000명",
        "파병 병력",
        "국정원",
        "이성권 의원",
    )
    assert first["해당기간"] == "[영문] October last year" and first["주장일"] == "2025년 6월 26일"
    assert first["링크"].startswith("http")
