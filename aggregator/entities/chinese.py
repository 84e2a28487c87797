"""Names in Chinese text the gazetteer does not know. Chinese writes no capitals and no
spaces between words, so the capitalised runs find nothing there; what marks a name is
systematic instead:

- a Chinese person: one of the common surnames and one or two characters, next to an
  office or a verb of saying ("外交部发言人毛宁表示", "记者 李任滋 摄", "陈可说");
- a foreign person: transcription characters (the Xinhua tables' syllables) joined by "·"
  ("沙夫卡特·米尔济约耶夫"), or a run of them ending as a Russian or Central Asian surname
  does (-耶夫 -ev, -诺夫 -nov, -娃 -va, -维奇 -vich);
- a foreign place: transcription characters and a place's last word ("拉什特地区",
  "赫拉特省", "苏尔霍布河");
- an organisation: a known place and the characters up to an organisation's suffix
  ("中国驻吉尔吉斯斯坦大使馆", "塔吉克交通部", "哈萨克斯坦国立大学"), with no word between that
  would make it a phrase ("中国一家公司" is not a company's name).

Every list is written in simplified characters; the traditional ones are derived
(``gazetteer._converters``), so "記者", "說", "大使館" are read too.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: the common surnames (the ~100 most frequent, and the compound ones)
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
            "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
            "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "司徒", "东方")
#: offices and roles written just before a person's name
TITLES = ("记者", "通讯员", "主席", "副主席", "总统", "副总统", "总理", "副总理", "部长", "副部长",
          "外长", "大使", "参赞", "发言人", "书记", "省长", "市长", "州长", "县长", "主任", "局长",
          "司长", "处长", "院长", "校长", "所长", "教授", "研究员", "董事长", "总经理", "总裁",
          "经理", "议长", "委员长", "首相", "团长", "队长", "教练", "主编", "博士", "专家", "老师",
          "医生", "工程师", "负责人", "秘书长", "总领事", "领事", "主持人", "作者", "编辑", "总干事")
#: what follows a person's name: a verb of saying, a form of address, a photo credit
AFTER_PERSON = ("说", "表示", "指出", "称", "认为", "强调", "介绍", "告诉", "透露", "坦言", "摄",
                "报道", "先生", "女士", "教授", "一行", "等人", "会见", "会谈", "出席", "主持",
                "率团", "率领", "访问", "总统", "总理", "大使")
#: characters that end a name after an office (function words, conjunctions, particles)
_FUNCTION = "在于对向与和同等也将是已曾还率就从则都会的到为请及被把给这那其了并而但又再所以一个几些"
#: the syllables of the Xinhua transcription tables (foreign names)
TRANSCRIPTION = ("阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼毕宾波伯博布采策查柴达戴丹道德登迪蒂丁东杜"
                 "敦多厄恩尔法凡范菲费芬丰弗福富盖甘冈戈哥格根古瓜圭哈海汉豪赫亨洪胡华怀霍基吉加"
                 "贾杰捷金卡凯坎康考柯科克肯孔库夸奎拉莱赖兰朗劳勒雷蕾里利丽连林琳卢鲁伦罗洛马玛"
                 "迈麦曼芒毛梅门蒙米敏明缪莫默姆穆纳娜奈南内尼涅努诺欧帕潘佩彭皮普齐奇恰乔切钦琼"
                 "丘屈热荣茹瑞若萨塞桑瑟森沙莎珊尚舍申什施史舒斯松苏索塔泰坦汤唐陶特滕提图托瓦万"
                 "旺威韦维温沃乌伍西希锡夏谢辛休雅亚延扬耶伊因尤约泽扎詹兹祖佐卓夫娃雷尤穆赛"
                 "吐孜买江汗肉")  # and the Uyghur names' ("艾尔肯·吐尼亚孜")
#: endings of Russian and Central Asian surnames in transcription: a person without context
SURNAME_ENDINGS = ("耶夫", "诺夫", "洛夫", "罗夫", "莫夫", "托夫", "耶娃", "诺娃", "洛娃", "罗娃",
                   "维奇", "耶维奇", "佐达", "扎达")
#: endings that need an office before or a verb after ("哈尔科夫" is a city)
WEAK_SURNAME_ENDINGS = ("夫", "娃", "科")
#: an organisation's last word, longest first
ORG_SUFFIXES = ("总领事馆", "领事馆", "大使馆", "使馆", "委员会", "有限公司", "航空公司", "公司", "集团",
                "银行", "大学", "学院", "协会", "商会", "基金会", "研究所", "研究院", "中心", "政府",
                "议会", "党委", "电视台", "通讯社", "组织", "联盟", "办公室", "办事处", "总署", "部",
                "局", "署", "厅", "院", "社", "日报", "时报", "晚报")
#: a suffix followed by one of these is the first character of another word ("部长", "社会")
_NOT_SUFFIX_BEFORE = {"部": "长分门队落署", "局": "长势面", "院": "长士", "社": "会区交长",
                      "厅": "长", "署": "长名", "委": "员托屈"}
#: a place's last word after a transcribed name ("拉什特地区", "赫拉特省", "津达詹地区",
#: "苏尔霍布河", "瓦罕走廊"), longest first
PLACE_SUFFIXES = ("地区", "自治州", "自治县", "走廊", "谷地", "峡谷", "山口", "省", "州", "县", "村",
                  "镇", "乡", "河", "湖")
_DIRECTIONS = "东西南北中内全"  # "中亚东北部" is a part of a region, not a ministry
_BETWEEN_PLACE_AND_SUFFIX = 10


@lru_cache(maxsize=1)
def _tables() -> dict:
    """The lists in both scripts, and the patterns made of them."""
    from aggregator.entities.gazetteer import _converters

    to_traditional, _ = _converters()

    def both(words):
        return tuple(dict.fromkeys([*words, *(to_traditional.convert(w) for w in words)]))

    surnames = set(SURNAMES) | set(to_traditional.convert(SURNAMES))
    transcription = set(TRANSCRIPTION) | set(to_traditional.convert(TRANSCRIPTION))
    titles, after = both(TITLES), both(AFTER_PERSON)
    function = set(_FUNCTION) | set(to_traditional.convert(_FUNCTION))
    suffixes = sorted(both(ORG_SUFFIXES), key=len, reverse=True)
    not_before = {}
    for suffix, chars in _NOT_SUFFIX_BEFORE.items():
        for form in {suffix, to_traditional.convert(suffix)}:
            not_before[form] = set(chars) | set(to_traditional.convert(chars))
    cjk = r"\u4e00-\u9fff"
    translit = "".join(sorted(transcription))
    return {
        "surnames": surnames, "compound": both(COMPOUND_SURNAMES), "titles": titles,
        "after": after, "function": function, "not_before": not_before,
        "transcription": transcription,
        "title_end": re.compile("(?:" + "|".join(sorted(titles, key=len, reverse=True)) + r") ?$"),
        "cue": re.compile("|".join(sorted(after, key=len, reverse=True))),
        "surname": re.compile("|".join(both(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(surnames)) + "]"),
        "dotted": re.compile(rf"[{translit}]{{2,8}}(?:[·•・][{translit}\-]{{2,10}})+"),
        "ending": re.compile(rf"[{translit}]{{1,7}}(?:" + "|".join(
            sorted(both(SURNAME_ENDINGS + WEAK_SURNAME_ENDINGS), key=len, reverse=True)) + ")"),
        "strong": both(SURNAME_ENDINGS),
        "suffix": re.compile(rf"[{cjk}]{{0,{_BETWEEN_PLACE_AND_SUFFIX}}}?(?:"
                             + "|".join(map(re.escape, suffixes)) + ")"),
        "suffixes": suffixes,
        "place_long": both(tuple(x for x in PLACE_SUFFIXES if len(x) >= 2)),
        "place": re.compile(rf"[{translit}]{{2,8}}(?:" + "|".join(
            sorted(both(PLACE_SUFFIXES), key=len, reverse=True)) + ")"),
    }


def chinese_names(text: str, known: list) -> list[tuple[int, int, str, str]]:
    """(start, end, type, name) of the people and organisations of Chinese ``text`` that
    the gazetteer's ``known`` hits do not cover, in text order, not overlapping each other
    (an organisation may hold a known place: "中国驻吉尔吉斯斯坦大使馆")."""
    t = _tables()
    taken = [(h.start, h.end) for h in known if h.entity.type != "LOC"]
    found = _organisations(text, known, t)
    taken += [(s, e) for s, e, _, _ in found]
    places = _foreign_places(text, known, taken, t)
    found += places
    taken += [(s, e) for s, e, _, _ in places]
    found += _foreign_people(text, taken, t)
    taken = [(s, e) for s, e, _, _ in found] + [(h.start, h.end) for h in known]
    found += _chinese_people(text, taken, t)
    return sorted(found)


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return not any(start < e and s < end for s, e in taken)


def _organisations(text: str, known: list, t: dict) -> list[tuple[int, int, str, str]]:
    """A known place and the characters up to an organisation's suffix, none of them a
    function word ("塔吉克交通部", "乌兹别克斯坦驻华使馆"; not "中国一家公司")."""
    found, end_of_last = [], -1
    for hit in known:
        if hit.entity.type != "LOC" or hit.start < end_of_last or not _is_cjk(text, hit.start):
            continue
        match = t["suffix"].match(text, hit.end)
        if match is None:
            continue
        middle = text[hit.end:match.end()]
        suffix = next(s for s in t["suffixes"] if middle.endswith(s))
        between = middle[:len(middle) - len(suffix)]
        if any(c in t["function"] or c.isdigit() for c in between):
            continue
        if text[match.end():match.end() + 1] in t["not_before"].get(suffix, ()) or (
                suffix == "部" and between[-1:] in _DIRECTIONS) or between in ("市", "市中"):
            # the suffix starts another word ("部长"); a part of a region ("东北部"); the
            # centre of a city ("市中心")
            continue
        found.append((hit.start, match.end(), "ORG", text[hit.start:match.end()]))
        end_of_last = match.end()
    return found


def _foreign_places(text: str, known: list, taken: list, t: dict) -> list[tuple[int, int, str, str]]:
    """A transcribed name and a place's last word ("拉什特地区", "阿富汗赫拉特省" after the
    known "阿富汗"): two or more transcription characters, starting after a character that
    is none (or where a known place ends)."""
    found = []
    ends = {h.end for h in known}
    for match in t["place"].finditer(text):
        start, end = match.start(), match.end()
        inside = [h.end for h in known if start <= h.start < end]
        if inside:  # the run begins with a known name: the place starts after it
            start = max(inside)
        word = text[start:end]
        stem = word[:-2] if word.endswith(tuple(w for w in t["place_long"])) else word[:-1]
        if len(stem) < 2 or not _free(start, end, taken) or any(
                h.start < end and start < h.end for h in known):
            continue
        before = text[start - 1:start] if start else ""
        if before and start not in ends and _is_cjk(text, start - 1) and before not in t["function"]:
            continue  # the run goes on before: a word, not a name's start
        found.append((start, end, "LOC", word))
    return found


def _foreign_people(text: str, taken: list, t: dict) -> list[tuple[int, int, str, str]]:
    """Transcribed names: parts joined by "·", or a run ending as a surname does."""
    found = []
    for match in t["dotted"].finditer(text):
        if _free(match.start(), match.end(), taken):
            found.append((match.start(), match.end(), "PER", match.group()))
    spans = taken + [(s, e) for s, e, _, _ in found]
    for match in t["ending"].finditer(text):
        start, end, name = match.start(), match.end(), match.group()
        if len(name) < 3 or not _free(start, end, spans):
            continue
        strong = any(name.endswith(e) for e in t["strong"])
        if not strong and not (_title_before(text, start, t) or _cue_after(text, end, t)):
            continue
        found.append((start, end, "PER", name))
        spans.append((start, end))
    return found


def _chinese_people(text: str, taken: list, t: dict) -> list[tuple[int, int, str, str]]:
    """A common surname and one or two characters after an office ("总理李强在") or before a
    verb of saying ("陈可说"), bounded by punctuation, a space or a function word."""
    found = []
    for surname_match in t["surname"].finditer(text):
        at = surname_match.start()
        compound = text[at:at + 2] in t["compound"]
        if found and at < found[-1][1]:
            continue
        titled = _title_before(text, at, t)
        if not titled and not _boundary_before(text, at, t):
            continue
        surname = 2 if compound else 1
        for given in (1, 2):
            end = at + surname + given
            name = text[at:end]
            if len(name) != surname + given or not all(_is_cjk(text, i) for i in range(at, end)):
                break
            if any(c in t["function"] for c in name[surname:]) or not _free(at, end, taken):
                break
            cue = _cue_after(text, end, t)
            if cue or (titled and _stop_after(text, end, t)):
                found.append((at, end, "PER", name))
                break
    return found


def _is_cjk(text: str, at: int) -> bool:
    return "\u4e00" <= text[at:at + 1] <= "\u9fff"


def _title_before(text: str, at: int, t: dict) -> bool:
    return t["title_end"].search(text, max(0, at - 6), at) is not None


def _boundary_before(text: str, at: int, t: dict) -> bool:
    before = text[at - 1:at] if at else ""
    return not before or not _is_cjk(text, at - 1) or before in "、" or before in t["function"]


def _cue_after(text: str, end: int, t: dict) -> bool:
    return t["cue"].match(text, end) is not None


def _stop_after(text: str, end: int, t: dict) -> bool:
    after = text[end:end + 1]
    return not after or not _is_cjk(text, end) or after in t["function"]


#: the common surnames in pinyin and in the Russian (Palladius) transcription
_PINYIN_SURNAMES = frozenset("""wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu
    guo he gao lin luo zheng liang xie song tang han feng deng cao peng zeng xiao tian dong yuan
    pan yu jiang cai du ye cheng su wei lu ding ren shen yao cui zhong tan fan jin shi liao jia
    xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao hao gong shao
    wan qian dai mo kong xiang xi qi""".split())
_PALLADIUS_SURNAMES = frozenset("""ван ли чжан лю чэнь ян хуан чжао у чжоу сюй сунь ма чжу ху го
    хэ гао линь ло чжэн лян се сун тан хань фэн дэн цао пэн цзэн сяо тянь дун юань пань юй цзян
    цай ду е чэн су вэй люй дин жэнь шэнь яо цуй чжун тань лу фань цзинь ши ляо цзя ся фу фан бай
    цзоу мэн сюн цинь цю инь сюэ янь дуань лэй хоу лун тао гу мао хао гун шао вань цянь дай мо кун
    сян си ци""".split())
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|uai|iao|ian|uan|ang|eng|"
                    r"ing|ong|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)")
_PALLADIUS_SYLLABLE = (r"(?:чж|цз|[шчжцсбпмфдтнлгкхв])?(?:юань|уань|уань|уай|юнь|ань|энь|инь|унь|ань|"
                       r"ян|ин|ун|юн|ан|эн|ай|эй|ао|оу|яо|юэ|юй|уо|уа|уй|эр|а|о|э|и|ы|у|е|я|ю)")
_GIVEN = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}|(?:{_PALLADIUS_SYLLABLE}){{1,2}}")


def is_chinese_person(words: tuple[str, ...]) -> bool:
    """Whether two capitalised words are a Chinese person's name in pinyin or in the
    Russian transcription: a common surname and a given name of one or two syllables
    ("Zhang Hao", "Wang Yi", "Хань Чжэн", "Чжао Вэйцян")."""
    if len(words) != 2 or not all(w[:1].isupper() and w[1:].islower() for w in words):
        return False
    surname, given = words[0].lower(), words[1].lower()
    if surname not in _PINYIN_SURNAMES and surname not in _PALLADIUS_SURNAMES:
        return False
    latin = surname in _PINYIN_SURNAMES and surname.isascii()
    if latin != given.isascii():
        return False
    return _GIVEN.fullmatch(given) is not None
