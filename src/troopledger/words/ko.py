"""Every word a Korean reader sees: chart titles and labels, notes, alt text, table headers, notebook answers.

The same names as `en` (a test holds the two modules to the same templates, placeholders and functions), written
as a Korean news desk prints them. The choices, so that an editor can quote a figure without re-checking it:

Numbers. Counts are written in ten-thousands with digits, as most Korean newspapers print them: 1만1000명,
4000명, 650만발, 4만2400헥타르 (1억2000만 for a hundred million and more). 11,000명 would read as translated
copy, and 1만1천명 (Yonhap's style) puts a word where a digit can be checked. No comma, and no space inside a
number or between a number and its counter, so a title is never broken in the middle of a figure and a figure
reads the same in every output. A counter follows every reported figure and is chosen by the measure (명 for
people, 발 for shells, 기 for missiles, 개 for objects, 헥타르 for area; a measure not in the table gets a bare
number rather than a wrong counter). Our own sums and differences only ever add troops (story.model never adds
anything else), so they carry 명. Axis ticks use the same form (5000, 1만, 1만5000; 500만, 1000만) so that a
label and the axis beside it never need converting, and the axis title names the counter: "병력(명)".

Qualifiers mean exactly what the English ones mean: about → 약 1만1000명; roughly (our loosest difference) →
대략; at least (the figure or more) → 최소 3000명; more than (strictly above) → 6000명 초과, never 이상, which
includes the figure itself; nearly → 거의 1만1000명; up to → 최대; a range → 8000~1만명; an upper estimate →
600만발(상한 추정치). A qualifier is joined to its number by a no-break space (U+00A0), so a wrapped title never
leaves 약 at the end of one line and the number on the next. Vague words are translated and quoted, and wherever
English gives their floor the floor is kept: "thousands" → “수천 명”(최소 2000명), "several million" → “수백만 발”
(최소 300만발). Sums and differences we computed say so: (자체 합산), (자체 계산).

Dates: 2025년 6월 26일, 2025년 6월; spans 2024년 10월 8~13일, 2025년 7~8월, 2024년 12월~2025년 2월. Month ticks
are 6월, with 2025년 under January. A claim date says 기준 (English "as of"), a publication date says 보도
(English "published"), so no computed date is left without saying which it is.

Names. The ledger's controlled names (originators, conduits, places, units, event kinds) are translated from the
glossary below; a name the glossary does not know yet is shown as it stands, marked as English. Outlet names and
URLs stay exactly as in the ledger, since that is what a reader searches for; so does the dataset's title, a
name, in quotes. The ledger's free English text (caveats, the period in the source's words) is shown untranslated
behind the marker "[영문] ", so that nobody quotes our paraphrase as the source's words: a translation would need
a second editor's review for every new row, and the ledger has no Korean columns to keep one in.

Grammar. Templates are whole Korean sentences. A particle after a computed value is written with both forms,
"(으)로", "(은)는", "(이)가", "(을)를", "(과)와", "(이)", and `t` picks the right one by the last syllable the
reader says (명 → 으로, 발 → 로; a parenthesis after a word does not count, as in Korean usage). Every glyph used
here is in NanumGothic (the minus sign is not: differences are written with a hyphen-minus).
"""

from __future__ import annotations

import re

import pandas as pd

from troopledger.story.model import blank, timestamp

LANG = "ko"
LANG_NAME = "한국어"

# ----------------------------------------------------------------------------------------------- templates

T: dict[str, str] = {
    # the deployment waves (stock and flow)
    "waves.title": "{who}: {month} 기준{where} 북한군 {present}, 그때까지 {waves}에 걸쳐 파병된 병력은 {sent}"
    "(자체 합산)",
    "waves.title_no_present": "러시아 파병 북한군: {waves}에 걸쳐 {sent}(자체 합산)",
    "waves.subtitle_top": "위: 차수별 병력 {what}. 막대는 보도된 기간의 가운데에 세우고, 그 기간을 막대 끝에 "
    "가로선으로 그렸다.",
    "waves.subtitle_bottom": "아래: 파병 병력의 자체 누계와 현지에 있다고 보도된 병력 수.",
    "waves.sent": "파병(채운 막대)",
    "waves.planned": "파병 예정(빗금)",
    "waves.returned": "귀환(기준선 아래)",
    "waves.axis_top": "차수별 병력(명)",
    "waves.axis_bottom": "병력(명)",
    "waves.wave": "{n}차 파병",
    "waves.wave_figure": "{n}차 파병: {figure}",
    "waves.part": "{unit} {figure}",
    "waves.planned_label": "{figure} 파병 예정",
    "waves.plan_open": "{when} {figure} 파병 예정",
    "waves.returned_label": "{unit} {figure} 귀환",
    "waves.returned_label_no_unit": "{figure} 귀환",
    "waves.sum": "파병 누계 {sum}(자체 합산)",
    "waves.present": "{where} {figure}({who})",
    "waves.reported_total": "파병 누계 {figure}({who})",
    "waves.gap": "차이: {gap}\n(자체 계산)",
    "waves.note_sum": "보도 수치가 아닌 차수별 파병 병력의 자체 합산: {terms} = {total}.",
    "waves.note_gap": "보도 수치가 아닌 자체 계산: {day}까지 파병된 {sent}(자체 합산{ref_sent}) - 현지 병력 "
    "{present}{ref_present} = {gap}. 현지에 더는 없는 병력에는 사망자, 본국으로 후송된 부상자, 귀환자가 있다.",
    "waves.note_dated_by": "{claim}에는 시기가 없어 {other}(이)가 밝힌 시기에 그렸다: {period}.",
    "waves.brief_dated_by": "{figure}({what})의 시기는 다른 보도에 따랐다: {period}.",
    "waves.note_reported_total": "보도된 파병 누계. 그 시점의 자체 합산은 {ours}.",
    "waves.caption": "{title}. 막대는 각 차수가 보도된 기간의 가운데에 있다. 파병 예정 병력은 빗금으로, 귀환 "
    "병력은 기준선 아래로 그렸다. 병력이 이동한 날짜를 알 수 없어 누계는 각 기간에 걸쳐 비스듬히 늘어난다.",
    "waves.alt_intro": "{start}부터 {end}까지 러시아에 파병된 북한군을 차수별로 보여 주는 차트.",
    "waves.alt_wave": "{n}차 파병: {parts}.",
    "waves.alt_flow": "{when}{unit} {figure} {status}",
    "waves.alt_sum": "파병 병력의 자체 누계는 {sum}에 이른다.",
    "waves.alt_present": "{who}(은)는 {day} 기준{where} 북한군을 {figure}(으)로 밝혔다.",
    "waves.alt_gap": "둘의 차이 {gap}(은)는 자체 계산이다.",
    "status.sent": "파병",
    "status.planned": "파병 예정",
    "status.returned": "귀환",
    # reports of a total over time (casualties, workers)
    "growth.rose": "{who}: {noun}(이)가 {d1} 기준 {first}에서 {d2} 기준 {last}(으)로 늘어",
    "growth.fell": "{who}: {noun}(이)가 {d1} 기준 {first}에서 {d2} 기준 {last}(으)로 줄어",
    "growth.revised": "{who}: {noun}, {d1} 기준 {first}에서 {d2} 기준 {last}(으)로 수정",
    "growth.single": "{who}: {d2} 기준 {noun} {last}",
    "growth.clause": ", {noun}(은)는 {d2} 기준 {last}",
    "growth.none": "보도된 {noun}",
    "series.other": "; {who}: {figure}({when})",
    "series.subtitle": "{nouns}에 관한 보도 하나하나를 수치가 해당하는 날짜에 표시했다.",
    "series.subtitle_span": "점 아래 가로선: 수치가 해당하는 기간.",
    "series.subtitle_join": "가는 선: {who}의 잇따른 집계.",
    "series.panel": "{label}",
    "series.caption": "{title}. 표시 하나가 보도 하나이며, 수치가 해당하는 날짜에 놓였다. 같은 발표를 전한 "
    "매체들은 표시 하나를 함께 쓴다.",
    "series.alt_intro": "{start}부터 {end}까지 보도된 {nouns}(을)를 항목마다 패널 하나로 보여 주는 차트.",
    "series.alt_report": "{who}, {when}: {noun} {figure}.",
    "series.not_drawn": "날짜가 없어 그리지 않음: {noun} {figure}, {who}, {citation}.",
    # encodings, said only where a chart draws them
    "enc.filled": "채운 점: 수치 또는 어림수(약).",
    "enc.bounds": "빈 점과 화살표: 하한 또는 상한. 화살표는 실제 수치가 있는 쪽을 가리킨다.",
    "enc.vague": "점선 화살표: 모호한 표현. 그 표현이 뜻할 수 있는 최솟값에서 시작한다.",
    "enc.range": "굵은 선: 범위.",
    "enc.dagger": "†: 유의 사항(아래에 적음).",
    "enc.primary": "음영: 주 기사.",
    "enc.part": "병력 일부에 관한 수치는 어느 부분인지 함께 적었다.",
    # every report side by side
    "q.size": "{ordinal} 파병 규모는?",
    "q.size_unit": "{ordinal} 파병 중 {unit} 규모는?",
    "q.planned": "{ordinal} 파병에 예정된 병력은 몇 명?",
    "q.planned_unit": "{ordinal} 파병에 예정된 {unit}(은)는 몇 명?",
    "q.arrivals": "{ordinal} 파병 병력 중 도착한 병력은 몇 명?",
    "q.arrivals_unit": "{ordinal} 파병 {unit} 중 도착한 병력은 몇 명?",
    "q.returns": "{ordinal} 파병 병력 중 귀환한 병력은 몇 명?",
    "q.returns_unit": "{ordinal} 파병 {unit} 중 귀환한 병력은 몇 명?",
    "q.timing": "{ordinal} 파병은 언제였나?",
    "q.total": "{label}에 관한 보도는?",
    "q.label_size": "{ordinal} 파병 규모",
    "q.label_size_unit": "{ordinal} 파병 규모({unit})",
    "q.label_planned": "{ordinal} 파병 예정 규모",
    "q.label_arrivals": "{ordinal} 파병 도착 병력",
    "q.label_returns": "{ordinal} 파병 귀환 병력",
    "q.label_timing": "{ordinal} 파병 시기",
    "dis.troops_sent": "{who}: {ordinal} 파병 {lead}",
    "dis.troops_sent_unit": "{who}: {ordinal} 파병 {unit} {lead}",
    "dis.troops_planned": "{who}: {ordinal} 파병 예정 {lead}",
    "dis.troops_planned_unit": "{who}: {ordinal} 파병 예정 {unit} {lead}",
    "dis.troops_returned": "{who}: {ordinal} 파병 병력 중 {lead} 귀환",
    "dis.troops_returned_unit": "{who}: {ordinal} 파병 {unit} 중 {lead} 귀환",
    "dis.troops_arrived": "{who}: {ordinal} 파병 병력 중 {lead} 도착",
    "dis.troops_arrived_unit": "{who}: {ordinal} 파병 {unit} 중 {lead} 도착",
    "dis.flow": "{who}: {lead}({label})",
    "dis.earlier": "({d} 기준 {earlier})",
    "dis.others_range": "; 다른 보도는 {low}부터 {high}까지",
    "dis.others_one": "; {who}: {figure}",
    "dis.others_list": "; {items}",
    "dis.item": "{who}:{where} {figure}",
    "dis.timing": "보도로 본 {ordinal} 파병 시기: {periods}",
    "dis.timing_broader": "; 더 넓은 {periods_word} {n}건은 {both} 포함",
    "dis.subtitle": "{label}: 보도마다 {what}(을)를 한 줄씩, 매체와 주장 날짜를 붙여 보여 준다(오래된 보도가 "
    "위). 보도를 평균하지 않았다.",
    "dis.what_count": "수치",
    "dis.what_time": "시기",
    "dis.row": "{outlet}, {claim_date}\n{who}",
    "dis.row_one_line": "{outlet}, {claim_date} · {who}",
    "dis.vague": "{figure}(최소 {floor})",
    "dis.part": "{figure}({part}만)",
    "dis.closed": "{figure}({period}분)",
    "dis.period_value_unit": "{period}({unit} {figure})",
    "dis.period_value": "{period}({figure})",
    "dis.caption": "{title}. 모든 보도를 있는 그대로 보여 주며, 평균하거나 빼지 않았다.",
    "dis.alt_intro": "{label}에 관한 점 차트, 보도 하나에 한 줄.",
    "dis.alt_row": "{outlet}, {claim_date}: {value}.",
    # notes under every chart
    "note.claims": "{ids}: {attribution}; {citation}",
    "note.more_claims": "{first} 외 {n}건: {attribution}; {citation}",
    "note.dagger": "{figure}, {outlet}, {claim_date}: {caveat}.",
    "note.source": "출처: ",
    "note.slide_source": "출처: {who}. 보도 매체와 링크: figures/ko/README.md.",
    "note.slide_notes": "각주 {first}–{last}: 이 슬라이드와 함께 배포되는 주석 파일과 figures/ko/README.md에 있다.",
    "note.source_full": "출처: {who}. 각주의 매체들이 보도했으며, 각주마다 해당 기사로 연결된다.",
    "note.source_who": "{who}, 보도: ",
    "note.dataset": "데이터: “{title}”, 버전 {version}, {as_of} 기준.",
    "note.overflow": "이 차트 수치의 각주 {first}–{last}: figures/ko/README.md에 있다.",
    "note.unplaced": "자리가 없어 차트에 표시하지 못한 수치: {items}.",
    "note.remark": "주: {text}",
    "version.unreleased": "{version} + 미발행 {changes} {n}건",
    # tables
    "table.reported-figures": "주 기사가 제시한 모든 수치와 각각의 출처 주석.",
    "table.deployment-waves": "차트에 그린 차수별 파병·파병 예정·귀환 병력과 파병 병력의 자체 누계.",
    "table.casualties": "주장 날짜별 사망자, 부상자, 전체 사상자.",
    "table.series": "{labels}에 관한 모든 보도와 각각의 출처 주석.",
    "table.disagreements": "보도가 엇갈리는 수치마다 출처별 값을 나란히 적고 주 기사와 대표 수치를 표시했다.",
    "table.ledger": "장부의 모든 주장과 각각의 출처 주석, 링크.",
    "table.as_of": " {as_of} 기준 자료(장부의 최신 주장 날짜).",
    "table.help": "각 행의 출처 주석: 주장주체(수치를 주장한 쪽), 전달자, 게재매체(매체와 보도일), 주장일(주장이 "
    "나온 날짜), 해당기간(출처의 표현), 유의사항, 주장ID(data/claims.csv의 행), 링크. 하한, 대표값, 상한은 "
    "표현이 허용하는 범위를 숫자로만 적은 것이다. [영문] 표시는 장부의 영어 원문을 번역하지 않고 옮긴 것이다.",
    "table.yes": "예",
    "table.our_sum": "{total}(자체 합산)",
    "table.not_dated": "날짜 미상",
    "table.whole_wave": "차수 전체",
    # notebook answers
    "ans.overview": "장부에는 {sources}에서 나온 {claims}(과)와 {events}(이)가 있다. 이 밖에 {event_only}. "
    "주장 {primary}건은 주 기사({citation})에서 나왔다. {as_of}",
    "ans.as_of": "{day} 기준 자료(장부의 최신 주장 날짜).",
    "ans.primary": "주 기사는 {n}(을)를 제시한다: {figures}. 그중 {main}개는 {who}의 주장이다{others}.",
    "ans.primary_item": "{figure}({measure}{wave})",
    "ans.primary_other": "; {figure}({measure})의 주장 주체는 {who}",
    "ans.primary_wave": ", {n}차 파병",
    "ans.via": "{who}, 전달: {conduit}",
    "ans.no_one": "전달자 미상",
    "ans.all_claims": "{scope} {sources}에서 나온 {claims}(이)가 있다: {what}.",
    "ans.scope_all": "장부에는",
    "ans.scope_measure": "{measure} 항목으로 장부에는",
    "ans.waves_present": "{who}: {day} 기준{where} 북한군 {figure}.",
    "ans.waves_sum": "파병됐다고 보도된 차수를 더하면 {total}(보도 수치가 아닌 자체 합산)이다: {parts}.",
    "ans.waves_part": "{n}차 파병은 {flows}",
    "ans.waves_flow": "{when}{unit} {figure}({who})",
    "ans.waves_planned": "{who}: {n}차 파병 예정 {figure}({day} 기준).",
    "ans.waves_returned": "{who}: {when}{unit} {figure} 귀환({day} 기준).",
    "ans.events": "파병을 둘러싼 {n}: {kinds}.",
    "ans.casualties_latest": " 차트가 그린 최신 전체 사상자는 {who}의 {day} 기준 {figure}(이)고, 이에 견줄 파병 "
    "병력은 모두 {total}(차수별 자체 합산)이다.",
    "ans.series": "{title}.",
    "ans.disagreement_primary": " 주 기사의 수치는 {figures}.",
    "ans.disagreement_no_primary": " 주 기사에는 이 수치가 없다.",
    "ans.disagreement_lead": " 다른 차트에는 대표 수치 {figure}({who}, {when})(을)를 그렸다.",
    "ans.contested": "보도가 모두 맞을 수는 없는 {n}: {labels}.",
    "ans.chart": "차트: figures/ko/{slug}.png(SVG, PDF도 있음). {title}.",
    "ans.civilians": " 이들은 민간인이며, 이 자료의 어떤 병력 합계에도 들어가지 않는다.",
    "ans.munitions": "군수품에 관한 {n}: {items}.",
    "ans.work": "보도된 공병의 작업: {items}.",
    "ans.none": "장부에 아직 이에 관한 보도가 없다.",
    # figures/ko/README.md
    "readme.title": "# 차트와 표",
    "readme.made": "“{title}” 버전 {version}에서 `make`(`python -m troopledger build`)로 만들었다. {as_of} 기준 "
    "자료(최신 주장 날짜). 손으로 고치지 말고 `make`를 실행할 것.",
    "readme.markers": "차트의 모든 수치에는 [3]과 같은 각주 표시가 붙으며, 차트 아래(전체 주석)와 이 문서 아래에서 "
    "출처 링크와 함께 풀이된다. 간략 주석 차트는 출처 한 줄만 싣고, 그린 모든 주장과 함께 여기에 실었다.",
    "readme.sizes": "크기: column은 16cm 너비의 A4 본문 단(이 폴더의 파일), page는 A4 또는 Letter 한 면, slide는 "
    "16:9, 1920 × 1080(`troopledger export --size`). PNG는 300dpi, SVG는 글자를 글자로 유지, PDF는 트루타입 글꼴. "
    "SVG와 PDF의 모든 각주는 출처로 연결된다.",
    "readme.charts": "## 차트",
    "readme.files": "파일: {files}",
    "readme.caption": "설명: {caption}",
    "readme.alt": "대체 텍스트: {alt}",
    "readme.notes": "차트에 실린 주석:",
    "readme.claims": "차트에 그린 주장:",
    "readme.tables": "## 표",
    "readme.tables_about": "표는 CSV(엑셀이 읽도록 바이트 순서 표시를 붙인 UTF-8, 스프레드시트에 안전)와 마크다운으로 "
    "내며, 출처 주석과 범위(하한, 대표값, 상한), 링크를 각각의 열에 담는다.",
    "readme.table": "- `{slug}.csv`, `{slug}.md`: {caption}",
    "readme.col_claim_id": "주장",
    "readme.col_figure": "수치",
    "readme.col_asserted_by": "주장 주체",
    "readme.col_relayed_by": "전달자",
    "readme.col_published_in": "게재 매체",
    "readme.col_claim_date": "주장 날짜",
    "readme.col_refers_to": "해당 기간",
    "readme.col_caveat": "유의 사항",
    "readme.col_url": "링크",
    # codebook (data/README.md, computed part)
    "book.coverage": "**범위(장부에서 계산):** 출처 {sources}곳의 주장 {claims}건, {first}부터 {last}까지 나온 것"
    "{undated}; 맥락 사건 {events}건, {ev_first}부터 {ev_last}까지. {last} 기준 자료(최신 주장 날짜). 항목별 "
    "주장: {measures}.",
    "book.undated": "(주장 날짜 미상 {n}건)",
    "book.reads": "**각 차트와 표가 읽는 주장**(위의 규칙으로 고르며, 주장 ID는 현재 그려진 것):",
    "rule.waves": "각 차수의 파병 병력(차수 전체 또는 부분별), 파병 예정, 귀환의 대표 수치; 차수가 명시되지 않은 "
    "귀환; 차수를 밝히지 않은 파병 예정 병력; 자체 누계; 특정 날짜의 현지 병력 보도 전부; 보도된 파병 누계",
    "rule.series": "{labels}에 관한 모든 주장을 해당 날짜에 표시; 대표 주장 주체의 잇따른 수치는 선으로 연결",
    "rule.question": "다음 질문에 답하는 모든 주장: {question}",
    "rule.table.reported-figures": "주 기사의 모든 주장",
    "rule.table.deployment-waves": "파병 차트와 같은 흐름과 자체 누계",
    "rule.table.casualties": "사망자, 부상자, 사상자에 관한 모든 주장",
    "rule.table.series": "{labels}에 관한 모든 주장",
    "rule.table.disagreements": "엇갈림 차트 전체의 모든 주장",
    "rule.table.ledger": "모든 주장",
    # the HTML edition (docs/)
    "html.title": "러시아 파병 북한군: 보도된 수치와 그 출처",
    "html.meta": "{title}, 버전 {version}; {as_of} 기준 자료(최신 주장 날짜).",
    "html.about": "여기 실린 수치는 하나하나가 한 출처가 보도한 숫자이며, 누가 주장했고 누가 전했는지, 어디서 언제 "
    "보도됐는지와 함께 원문 페이지로 연결된다. 평균을 내지 않는다: 보도가 엇갈리면 모두 보여준다.",
    "html.other_language": "English",
    "html.home": "처음으로",
    "html.headlines": "수치 요약",
    "html.charts": "차트",
    "html.downloads": "내려받기:",
    "html.table": "표 {slug} (CSV)",
    "html.sources": "이 차트가 그린 주장 {n}건(각 출처로 연결)",
    "html.claims": "모든 주장",
    "html.claims_summary": "장부의 주장 {n}건 전체(각 출처로 연결)",
    "html.notebooks": "노트북",
    "html.notebooks_language": "노트북은 모든 답을 표와 함께 보여주며, 영어로 되어 있다.",
    "html.tables": "표",
    "html.tables_about": "모든 표는 수치마다 출처 주석과 링크, 하한·대표값·상한을 숫자로 담고 있다(UTF-8 CSV, 엑셀에서 "
    "그대로 열린다):",
    "html.cite": "인용 방법",
    "html.cite_text": "데이터는 “{title}”, 버전 {version}으로, 각 수치의 근거 보도는 그 주소(수치마다 표기)로 "
    "인용한다.",
    "html.licence": "데이터와 차트: CC BY 4.0. 코드: MIT.",
}

# Placeholders the English templates carry for English grammar only; the Korean sentence has no use for them.
_GRAMMAR_ONLY: dict[str, set[str]] = {}

PLURALS: dict[str, tuple[str, str]] = {
    "claim": ("주장 {n}건", "주장 {n}건"),
    "source": ("출처 {n}곳", "출처 {n}곳"),
    "event": ("맥락 사건 {n}건", "맥락 사건 {n}건"),
    "more_source": ("출처 {n}곳은 사건에만 인용된다", "출처 {n}곳은 사건에만 인용된다"),
    "figure": ("수치 {n}개", "수치 {n}개"),
    "wave": ("{n}차례", "{n}차례"),
    "dated_event": ("날짜가 있는 사건 {n}건", "날짜가 있는 사건 {n}건"),
    "quantity": ("수치 {n}개", "수치 {n}개"),
    "change": ("변경", "변경"),
    "period": ("시기", "시기"),
    "report": ("보도 {n}건", "보도 {n}건"),
    "measure": ("항목 {n}개", "항목 {n}개"),
}


def t(key: str, **values: object) -> str:
    """A template filled in: spaces left by empty values closed up, particles matched to the word before them."""
    template = T[key]
    text = template.format(**values)
    text = re.sub(r" {2,}", " ", text).replace("( ", "(").replace(" )", ")")
    if not template.startswith(" "):
        text = text.lstrip(" ")
    return _particles(text.rstrip(" "))


def n(key: str, count: int) -> str:
    """A count with its noun: '주장 3건'."""
    one, many = PLURALS[key]
    return (one if count == 1 else many).format(n=number(count))


def join(items: list[str], word: str = "and") -> str:
    """'가', '가 및 나', '가, 나 및 다' ('또는' for alternatives)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'또는' if word == 'or' else '및'} {items[-1]}"


def both(count: int) -> str:
    return "둘 다" if count == 2 else "모두"


# ----------------------------------------------------------------------------------------------- particles

_PARTICLE = re.compile(r"\((이)\)가|\((은)\)는|\((을)\)를|\((과)\)와|\((으)\)로|\((이)\)")
_CLOSE = {")": "(", "]": "[", "”": "“", "’": "‘"}
# How a final digit is read (일, 이, 삼, ...): True if the reading ends in a consonant, and whether that is ㄹ.
_DIGIT_END = {"0": (True, False), "1": (True, True), "2": (False, False), "3": (True, False), "4": (False, False)}
_DIGIT_END |= {"5": (False, False), "6": (True, False), "7": (True, True), "8": (True, True), "9": (False, False)}
# Trailing zeros read as 십 (ㅂ), 백 (ㄱ), 천 (ㄴ), 만 (ㄴ): all end in a consonant other than ㄹ.


def _final_sound(text: str) -> tuple[bool, bool]:
    """(ends in a consonant, that consonant is ㄹ) for the word a particle follows.

    A parenthesis, a bracket or a closing quote after the word is skipped, as Korean usage reads past it.
    """
    s = text.rstrip()
    while s and s[-1] in _CLOSE:
        opening = s.rfind(_CLOSE[s[-1]])
        s = (s[:opening] if opening >= 0 else s[:-1]).rstrip()
    if not s:
        return False, False
    last = s[-1]
    if "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        return jong != 0, jong == 8
    if last.isdigit():
        digits = re.search(r"\d+$", s).group()  # type: ignore[union-attr]
        stripped = digits.rstrip("0")
        if stripped and stripped != digits:
            return True, False
        return _DIGIT_END[digits[-1]]
    if last in "LR":
        return True, True
    if last in "MN":
        return True, False
    return False, False


def _particles(text: str) -> str:
    out, start = [], 0
    for m in _PARTICLE.finditer(text):
        out.append(text[start : m.start()])
        batchim, rieul = _final_sound("".join(out))
        whole = m.group(0)
        if whole == "(이)":
            out.append("이" if batchim else "")
        elif whole == "(으)로":
            out.append("으로" if batchim and not rieul else "로")
        else:
            with_batchim, without = whole[1:-2], whole[-1]
            out.append(with_batchim if batchim else without)
        start = m.end()
    out.append(text[start:])
    return "".join(out)


# ----------------------------------------------------------------------------------------------- numbers

# A qualifier is tied to its number by a no-break space, so that no line ever ends in "약" or starts with "초과".
_NB = "\u00a0"
QUALIFIERS = {
    "approximately": "약" + _NB + "{n}",
    "nearly": "거의" + _NB + "{n}",
    "at_most": "최대" + _NB + "{n}",
    "at_least": "최소" + _NB + "{n}",
    "more_than": "{n}" + _NB + "초과",
    "exact": "{n}",
    "roughly": "대략" + _NB + "{n}",
}

# The counter a figure of each measure takes. People are 명; a measure not listed counts people if its name says
# troops or workers, and otherwise gets no counter (a bare number is better than a wrong one).
_COUNTERS = {
    "artillery_shells": "발",
    "ballistic_missiles": "기",
    "explosive_objects_destroyed": "개",
    "hectares_cleared": "헥타르",
    "killed": "명",
    "wounded": "명",
    "casualties": "명",
}
_PEOPLE = "명"

# Vague words as Korean prints them, the counter after a space (a numeral word is spaced from its counter).
_VAGUE = {
    "dozens": "수십",
    "hundreds": "수백",
    "several hundred": "수백",
    "thousands": "수천",
    "several thousand": "수천",
    "thousands more": "추가 수천",
    "tens of thousands": "수만",
    "hundreds of thousands": "수십만",
    "millions": "수백만",
    "several million": "수백만",
    "tens of millions": "수천만",
}


def _counter(measure: object) -> str:
    m = "" if blank(measure) else str(measure)
    if m in _COUNTERS:
        return _COUNTERS[m]
    return _PEOPLE if m.startswith(("troops_", "workers_")) else ""


def number(n: int) -> str:
    """1만1000; 650만; 4000 (ten-thousands, no comma, no space)."""
    n = int(n)
    if n < 0:
        return "-" + number(-n)
    if n < 10_000:
        return str(n)
    eok, rest = divmod(n, 100_000_000)
    man, rest = divmod(rest, 10_000)
    return (f"{eok}억" if eok else "") + (f"{man}만" if man else "") + (str(rest) if rest else "")


def tick(v: float) -> str:
    """An axis tick in the same form as the figures: 5000; 1만; 1만5000; 500만."""
    return number(round(v)) if float(v).is_integer() else f"{v:g}"


def quote(text: str) -> str:
    return f"“{text}”"


def _vague(c: pd.Series) -> str:
    words = str(c["as_reported"]).strip()
    korean = _VAGUE.get(words.lower())
    if korean is None:
        return quote(_english(words))
    counter = _counter(c["measure"])
    return quote(f"{korean}{_NB}{counter}" if counter else korean)


def phrase(c: pd.Series) -> str:
    """A claim's number with its counter, worded by its qualifier: '약 1000명', '최소 3000명', '“수천 명”'."""
    q = c["qualifier"]
    counter = _counter(c["measure"])
    if q == "vague":
        return _vague(c)
    if q == "range":
        return f"{number(c['low'])}~{number(c['high'])}{counter}"
    if q == "upper_estimate":
        value = next(int(c[k]) for k in ("high", "best", "low") if not pd.isna(c[k]))
        return f"{number(value)}{counter}(상한 추정치)"
    value = next(int(c[k]) for k in ("best", "low", "high") if not pd.isna(c[k]))
    return QUALIFIERS[q].format(n=number(value) + counter)


def hedged(value: int, hedge: str) -> str:
    """One of our sums or differences of troops, as hedged as the figures behind it: '약 2만1000명'."""
    return QUALIFIERS["exact" if hedge == "exact" else hedge].format(n=number(value) + _PEOPLE)


def vague_floor(c: pd.Series) -> str:
    return number(int(c["low"])) + _counter(c["measure"])


def marker(k: int) -> str:
    """The footnote key printed beside a number: full-size, so it reads at 7 pt in print."""
    return f"[{k}]"


DAGGER = "†"

# ----------------------------------------------------------------------------------------------- dates


def day(value: object) -> str:
    """'2025년 6월 26일' (empty for a missing date)."""
    ts = timestamp(value)
    return "" if ts is None else f"{ts.year}년 {ts.month}월 {ts.day}일"


def month(value: object) -> str:
    ts = timestamp(value)
    return "" if ts is None else f"{ts.year}년 {ts.month}월"


def month_long(value: object) -> str:
    return month(value)


def month_tick(ts: pd.Timestamp, with_year: bool) -> str:
    return f"{ts.month}월\n{ts.year}년" if with_year else f"{ts.month}월"


def _days(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """Two days in one period, the shared year and month said once: '2024년 10월 8~13일'."""
    if a == b:
        return day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year}년 {a.month}월 {a.day}~{b.day}일"
    if a.year == b.year:
        return f"{a.year}년 {a.month}월 {a.day}일~{b.month}월 {b.day}일"
    return f"{day(a)}~{day(b)}"


def _months(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """'2024년 10월', '2025년 7~8월', '2024년 12월~2025년 2월'."""
    if (a.year, a.month) == (b.year, b.month):
        return month(a)
    if a.year == b.year:
        return f"{a.year}년 {a.month}~{b.month}월"
    return f"{month(a)}~{month(b)}"


def span(start: object, end: object, precision: str | None = "day") -> str:
    """A dated span at the precision it is known: '2024년 10월', '2024년 10월 8~13일', '2024년', '날짜 미상'."""
    a, b = timestamp(start), timestamp(end)
    if a is None:
        return "날짜 미상" if b is None else f"{day(b)}까지"
    b = a if b is None else b
    if precision == "year" and a.year == b.year:
        return f"{a.year}년"
    if precision in ("month", "season", "year"):
        return _months(a, b)
    return _days(a, b)


def period_words(start, end, open_end: bool, precision: str) -> str:
    """A period in a sentence: '2024년 10월', '2025년 9월부터', '2024년'."""
    a, b = timestamp(start), timestamp(end)
    if a is None or b is None:
        return "시기 미상"
    if open_end:
        return f"{month(a)}부터"
    return period_name(a, b, precision)


def period_name(start, end, precision: str) -> str:
    """A period as a noun: '2024년 10월', '2024년', '2024년 9~11월', '2024년 10월 8~13일'."""
    a, b = timestamp(start), timestamp(end)
    if a is None or b is None:
        return "시기 미상"
    if precision == "year" and a.year == b.year and (a.month, b.month) == (1, 12):
        return f"{a.year}년"
    if a == b:
        return day(a)
    if (a.year, a.month) == (b.year, b.month):
        return month(a) if a.day == 1 else _days(a, b)
    return _months(a, b)


def claim_date(c: pd.Series) -> str:
    """When the claim was made, labelled as such: '2025년 6월 15일 기준' or '주장 날짜 미상'."""
    return f"{day(c['as_of'])} 기준" if timestamp(c["as_of"]) is not None else "주장 날짜 미상"


def as_of(value: object) -> str:
    return f"{month(value)} 기준"


def published(src: pd.Series) -> str:
    return f"{day(src['published'])} 보도" if timestamp(src["published"]) is not None else "보도일 미표기"


# ----------------------------------------------------------------------------------------------- who and where

# The ledger's controlled names in Korean: who asserted a figure (full form, for notes and alt text), who relayed
# it, where the troops were, which part of them, and the kinds of context events. Extend it when a new name
# appears in data/; until then the name is shown as it stands, marked as English.
_WHO = {
    "NIS": "국정원",
    "JCS": "합참",
    "Ukraine's defence intelligence (GUR)": "우크라이나 국방정보총국(GUR)",
    "President Zelensky": "젤렌스키 대통령",
    "UK MoD Defence Intelligence": "영국 국방부 국방정보국",
    "Multilateral Sanctions Monitoring Team (MSMT)": "다국적제재모니터링팀(MSMT)",
    "ROK Defense Intelligence Agency": "국방정보본부",
    "South Korean, Ukrainian and Western sources": "한국·우크라이나·서방 소식통",
    "Kursk governor Alexander Khinshtein": "알렉산드르 힌시테인 쿠르스크 주지사",
    "Sergei Shoigu (Russia's Security Council)": "세르게이 쇼이구 러시아 국가안보회의 서기",
    "North Korea (KCNA)": "북한(조선중앙통신)",
    "Russian media": "러시아 언론",
    "South Korean estimates": "한국 측 추정",
    "US, South Korean and Ukrainian intelligence": "미국·한국·우크라이나 정보당국",
    "Ukrainian intelligence and Western sources": "우크라이나 정보당국·서방 소식통",
    "South Korean military intelligence": "한국 군 정보당국",
    "Yonhap": "연합뉴스",
}
_CONDUITS = {
    "Lee Seong-kweun": "이성권 의원",
    "Lee Seong-kweun and Kim Byung-kee": "이성권·김병기 의원",
    "Park Sun-won and Lee Seong-kweun": "박선원·이성권 의원",
    "Park Sun-won": "박선원 의원",
    "lawmaker Kang Dae-sik": "강대식 의원",
    "lawmakers (AP)": "국회의원들(AP통신)",
    "Yonhap": "연합뉴스",
    "TASS": "타스통신",
    "Reuters": "로이터통신",
    "AFP": "AFP통신",
    "AP": "AP통신",
    "Kyodo": "교도통신",
    "JoongAng Ilbo": "중앙일보",
    "Komsomolskaya Pravda": "콤소몰스카야 프라우다",
    "media reports": "언론 보도",
    "Vadym Skibitskyi, to Suspilne": "바딤 스키비츠키(수스필네 인터뷰)",
    "Vadym Skibitskyi, via Reuters": "바딤 스키비츠키(로이터통신 전언)",
    "spokesman Andrii Cherniak, to JoongAng Ilbo": "안드리 체르냐크 대변인(중앙일보 인터뷰)",
}
_PLACES = {
    "Russia": "러시아",
    "Kursk region": "쿠르스크주",
    "Kursk and Belgorod regions": "쿠르스크·벨고로드주",
    "near the Russia–Ukraine border": "러시아·우크라이나 국경 인근",
    "North Korea": "북한",
}
_UNITS = {
    "engineers": "공병",
    "builders": "건설 인력",
    "special forces": "특수부대",
    "combat troops": "전투 병력",
    "wounded": "부상병",
    "first batch": "1진",
}
_EN_MARK = "[영문] "

# Shorter names for titles, where the full one would take a line of its own (keyed by the ledger's English name).
SHORT_WHO = {
    "Ukraine's defence intelligence (GUR)": "우크라이나 정보총국",
    "President Zelensky": "젤렌스키",
    "UK MoD Defence Intelligence": "영국 국방정보국",
    "Multilateral Sanctions Monitoring Team (MSMT)": "MSMT",
    "ROK Defense Intelligence Agency": "국방정보본부",
    "South Korean, Ukrainian and Western sources": "로이터 인용 소식통",
    "Kursk governor Alexander Khinshtein": "힌시테인 쿠르스크 주지사",
    "Sergei Shoigu (Russia's Security Council)": "쇼이구 서기",
}
NOT_ATTRIBUTED = "주장 주체 미상"
UNATTRIBUTED = "주체 미상 보도"


def _english(text: object) -> str:
    """Ledger text shown as it stands, marked as English so that nobody takes it for our translation."""
    return f"{_EN_MARK}{text}"


def _name(value: object, *tables: dict[str, str]) -> str:
    text = str(value)
    for table in tables:
        if text in table:
            return table[text]
    return _english(text)


def who(c: pd.Series) -> str:
    value = c["originator"]
    return NOT_ATTRIBUTED if blank(value) else _name(value, _WHO)


def short_who(c: pd.Series) -> str:
    value = c["originator"]
    return UNATTRIBUTED if blank(value) else SHORT_WHO.get(str(value)) or _name(value, _WHO)


def attribution(c: pd.Series) -> str:
    """Who asserted a number and who relayed it: '국정원, 전달: 이성권 의원'."""
    out = who(c)
    return out if blank(c["conduit"]) else f"{out}, 전달: {_name(c['conduit'], _CONDUITS, _WHO)}"


def outlet(src: pd.Series) -> str:
    """The outlet's own name, as the ledger has it: 'AP(ajc.com 게재)'."""
    name = str(src["outlet"])
    if blank(src["carried_by"]):
        return name
    return f"{name}{' ' if name.endswith(')') else ''}({src['carried_by']} 게재)"


def citation(src: pd.Series) -> str:
    """Short form of a source, as printed under charts: 'The Independent, 2025년 6월 16일 보도'."""
    return f"{outlet(src)}, {published(src)}"


def where(place: object) -> str:
    """' 쿠르스크주 주둔' (the troops reported there); '' when no place is given."""
    return "" if blank(place) else f" {_name(place, _PLACES)} 주둔"


def unit(value: object) -> str:
    return "" if blank(value) else _name(value, _UNITS)


ORDINALS = [f"{k}차" for k in range(1, 11)]


def ordinal(k: int) -> str:
    """A wave's number as it precedes 파병: '1차'."""
    return f"{k}차"


def covers(c: pd.Series) -> str:
    """What part of the troops a figure covers, when not all: '3차 파병 공병'."""
    parts = [] if blank(c["wave"]) else [f"{ordinal(int(c['wave']))} 파병"]
    if not blank(c["unit"]):
        parts.append(unit(c["unit"]))
    return " ".join(parts)


def sentence(text: str) -> str:
    """End with a full stop: alt text is read aloud."""
    text = text.strip()
    if not text:
        return text
    return text if text.endswith((".", "?", "!")) else text + "."


def ledger_text(value: object) -> str:
    """Text from the ledger itself: a controlled name in Korean; free text (a caveat, a period in the source's
    words) as it stands, marked as English."""
    if blank(value):
        return ""
    return _name(value, _CONDUITS, _WHO, _PLACES, _UNITS)


# ----------------------------------------------------------------------------------------------- measures

MEASURE_LABELS = {
    "troops_sent": "파병 병력",
    "troops_arrived": "도착 병력",
    "troops_planned": "파병 예정 병력",
    "troops_returned": "귀환 병력",
    "troops_present": "현지 병력",
    "killed": "사망자",
    "wounded": "부상자",
    "casualties": "사상자(사망·부상 합계)",
    "artillery_shells": "포탄",
    "ballistic_missiles": "탄도미사일",
    "workers_sent": "파견 노동자(민간인)",
    "explosive_objects_destroyed": "제거한 폭발물",
    "hectares_cleared": "지뢰 제거 면적",
}
# How a measure reads in a title ('국정원: 2025년 9월 기준 북한군 사망자 약 2000명').
NOUNS = {
    "troops_sent": "러시아 파병 북한군",
    "troops_present": "북한군",
    "killed": "북한군 사망자",
    "wounded": "북한군 부상자",
    "casualties": "북한군 사상자",
    "artillery_shells": "북한이 보낸 포탄",
    "ballistic_missiles": "북한이 보낸 탄도미사일",
    "workers_sent": "러시아 파견 북한 노동자",
    "explosive_objects_destroyed": "공병이 제거한 폭발물",
    "hectares_cleared": "공병의 지뢰 제거 면적",
}
PANEL_TITLES = {"casualties": "사망·부상 합계", "killed": "사망자", "wounded": "부상자"}
QUESTIONS = {
    "troops_sent": "지금까지 파병된 병력은 모두 몇 명인가?",
    "troops_present": "현지 북한군은 몇 명인가?",
    "killed": "북한군 사망자는 몇 명인가?",
    "wounded": "부상자는 몇 명인가?",
    "casualties": "전체 사상자는 몇 명인가?",
    "artillery_shells": "북한이 보낸 포탄은 몇 발인가?",
    "workers_sent": "북한이 보낸 노동자는 몇 명인가?",
}
TOTAL_LABELS = {
    "troops_sent": "전체 파병 병력",
    "troops_present": "현지 병력 수",
    "killed": "사망자 수",
    "wounded": "부상자 수",
    "casualties": "전체 사상자",
    "artillery_shells": "북한이 보낸 포탄",
}


def measure_label(measure: str, catalogue_label: str = "") -> str:
    return MEASURE_LABELS.get(measure) or _english(catalogue_label or measure.replace("_", " "))


def noun(measure: str, catalogue_label: str = "") -> str:
    return NOUNS.get(measure) or measure_label(measure, catalogue_label)


def panel_title(measure: str, catalogue_label: str = "") -> str:
    return PANEL_TITLES.get(measure) or measure_label(measure, catalogue_label)


def total_question(measure: str, catalogue_label: str = "") -> str:
    return QUESTIONS.get(measure) or t("q.total", label=measure_label(measure, catalogue_label))


def total_label(measure: str, catalogue_label: str = "") -> str:
    return TOTAL_LABELS.get(measure) or measure_label(measure, catalogue_label)


# ----------------------------------------------------------------------------------------------- tables

# Column headers: one word each, as the English ones are identifiers, so a table reads in pandas and a spreadsheet.
COLUMNS = {
    "figure": "수치",
    "measure": "항목",
    "wave": "차수",
    "unit": "부대",
    "low": "하한",
    "best": "대표값",
    "high": "상한",
    "asserted_by": "주장주체",
    "relayed_by": "전달자",
    "published_in": "게재매체",
    "claim_date": "주장일",
    "refers_to": "해당기간",
    "caveat": "유의사항",
    "claim_id": "주장ID",
    "url": "링크",
    "question": "쟁점",
    "primary_article": "주기사",
    "lead": "대표",
    "status": "구분",
    "period": "기간",
    "running_total_sent": "파병누계",
    "dated_by": "날짜근거",
    "event_id": "사건ID",
    "date": "날짜",
    "precision": "날짜정밀도",
    "event": "사건",
    "same_as": "동일사건",
    "claims": "주장수",
    "lead_figure": "대표수치",
    "chart": "차트",
}
CLAIM_DATE_UNKNOWN = "미상"
EVENT_KINDS: dict[str, str] = {
    "treaty": "조약",
    "deployment": "파병",
    "visit": "방문",
    "confirmation": "확인",
    "briefing": "브리핑",
    "meeting": "회담",
    "announcement": "발표",
    "return": "귀환",
    "ceremony": "행사",
}


def event_kind(kind: str) -> str:
    return EVENT_KINDS.get(kind) or _english(kind)
