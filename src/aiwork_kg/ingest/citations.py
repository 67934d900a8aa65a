"""Danish and Dutch forms of the English citations the ingester gives every unit.

Explanations of the validator (``--lang da|nl``) and the generated docs cite provisions and
national text units by ``dcterms:bibliographicCitation``; each unit carries one per language.

EU and GDPR provisions are cited from their IRI path (``art_5/par_1/pnt_f``), in the citation
style of the official Danish and Dutch texts: "art. 5, stk. 1, litra f)" and
"art. 5, lid 1, onder f". Other documents' citations are translated word by word from the
English form the ingester writes ("AP DCA-2024-02, para. 21"); a citation no rule covers stays
English only, which the graph shapes accept.
"""
from __future__ import annotations

import re

_EU_PREFIX = "https://w3id.org/aiwork/provision/eu/reg/"
_ACTS = {
    "2024/1689": {"da": "AI-forordningen", "nl": "AI-verordening"},
    "2016/679": {"da": "databeskyttelsesforordningen", "nl": "AVG"},
}


def _eu_token(token: str, lang: str, in_annex: bool) -> str | None:
    kind, _, value = token.partition("_")
    if kind == "art":
        return f"art. {value}"
    if kind == "par":
        return f"stk. {value}" if lang == "da" else f"lid {value}"
    if kind == "pnt":
        if value.isdigit():
            if in_annex:
                return f"punkt {value}" if lang == "da" else f"punt {value}"
            return f"nr. {value}" if lang == "da" else f"punt {value}"
        return f"litra {value})" if lang == "da" else f"onder {value}"
    if kind == "rct":
        return f"betragtning {value}" if lang == "da" else f"overweging {value}"
    if kind == "anx":
        return f"bilag {value}" if lang == "da" else f"bijlage {value}"
    if kind == "cpt":
        return f"kapitel {value}" if lang == "da" else f"hoofdstuk {value}"
    if kind == "sct":
        return f"afdeling {value}"  # the same word in Danish and Dutch

    if kind == "sub":
        return f"afsnit {value}" if lang == "da" else f"alinea {value}"
    return None


def eu_citation(iri: str, lang: str) -> str | None:
    """'AI-forordningen, art. 5, stk. 1, litra f)' for the IRI of Art. 5(1)(f), or None."""
    if not iri.startswith(_EU_PREFIX):
        return None
    rest = iri[len(_EU_PREFIX):].split("/")
    act = "/".join(rest[:2])
    if act not in _ACTS or len(rest) < 3:
        return None
    parts, in_annex = [], False
    for token in rest[2:]:
        if token in ("eng", "dan", "nld"):
            return None  # an expression, not a provision
        word = _eu_token(token, lang, in_annex)
        if word is None:
            return None
        in_annex = in_annex or token.startswith("anx_")
        parts.append(word)
    return f"{_ACTS[act][lang]}, " + ", ".join(parts)


# Word-by-word forms for the other documents, longest phrases first.
_PHRASES = {
    "da": [
        ("Coalition response to", "Koalitionens svar på"),
        ("Danish leaflet on the emotion-recognition ban", "Pjecen om forbuddet mod følelsesgenkendelse"),
        ("when the ban applies", "hvornår forbuddet gælder"),
        ("work cited in footnote", "værk citeret i fodnote"),
        ("BFA report", "BFA-rapporten"),
        ("IGLOO model", "IGLOO-modellen"),
        ("IGLOO level individual", "IGLOO-niveau individ"),
        ("IGLOO level group", "IGLOO-niveau gruppe"),
        ("IGLOO level leadership", "IGLOO-niveau ledelse"),
        ("IGLOO level organisation", "IGLOO-niveau organisation"),
        ("IGLOO level context", "IGLOO-niveau omkringliggende kontekst"),
        ("machine learning", "maskinlæring"),
        ("generative AI", "generativ kunstig intelligens"),
        ("para.", "pkt."),
        ("criterion", "kriterium"),
        ("question", "spørgsmål"),
        ("footnote", "fodnote"),
        ("section", "afsnit"),
        ("subsection", "underafsnit"),
        ("heading", "overskrift"),
        ("chapter", "kapitel"),
        ("summary", "resumé"),
        ("topic", "emne"),
        ("finding", "fund"),
        ("discussion", "drøftelse"),
        ("reference", "reference"),
        ("method", "metode"),
        ("expert", "ekspert"),
        ("foreword", "forord"),
        ("signatory", "underskriver"),
        ("condition", "betingelse"),
        ("exception", "undtagelse"),
        ("introduction", "indledning"),
        ("intro", "indledning"),
        ("why", "hvorfor"),
        ("title", "titel"),
        ("position", "holdning"),
        ("ground", "begrundelse"),
        ("subject", "emne"),
        ("addressee", "modtager"),
        ("letterhead", "brevhoved"),
        ("date", "dato"),
        ("annex", "bilag"),
        ("prohibition", "forbud"),
        ("closing questions", "afsluttende spørgsmål"),
    ],
    "nl": [
        ("Coalition response to", "Reactie van de coalitie op"),
        ("Danish leaflet on the emotion-recognition ban", "Deense folder over het verbod op emotieherkenning"),
        ("when the ban applies", "wanneer het verbod geldt"),
        ("work cited in footnote", "werk aangehaald in voetnoot"),
        ("BFA report", "BFA-rapport"),
        ("IGLOO model", "IGLOO-model"),
        ("IGLOO level individual", "IGLOO-niveau individu"),
        ("IGLOO level group", "IGLOO-niveau groep"),
        ("IGLOO level leadership", "IGLOO-niveau leiderschap"),
        ("IGLOO level organisation", "IGLOO-niveau organisatie"),
        ("IGLOO level context", "IGLOO-niveau omgeving"),
        ("machine learning", "machine learning"),
        ("generative AI", "generatieve AI"),
        ("para.", "randnr."),
        ("criterion", "criterium"),
        ("question", "vraag"),
        ("footnote", "voetnoot"),
        ("section", "sectie"),
        ("subsection", "subsectie"),
        ("heading", "kop"),
        ("chapter", "hoofdstuk"),
        ("summary", "samenvatting"),
        ("topic", "onderwerp"),
        ("finding", "bevinding"),
        ("discussion", "bespreking"),
        ("reference", "referentie"),
        ("method", "methode"),
        ("expert", "deskundige"),
        ("foreword", "voorwoord"),
        ("signatory", "ondertekenaar"),
        ("condition", "voorwaarde"),
        ("exception", "uitzondering"),
        ("introduction", "inleiding"),
        ("intro", "inleiding"),
        ("why", "waarom"),
        ("title", "titel"),
        ("position", "standpunt"),
        ("ground", "grond"),
        ("subject", "onderwerp"),
        ("addressee", "geadresseerde"),
        ("letterhead", "briefhoofd"),
        ("date", "datum"),
        ("annex", "bijlage"),
        ("prohibition", "verbod"),
        ("closing questions", "afsluitende vragen"),
        ("kapitel", "hoofdstuk"),
    ],
}
_COMPILED = {
    lang: [(re.compile(r"(?<![\w-])" + re.escape(en) + r"(?![\w-])"), local) for en, local in pairs]
    for lang, pairs in _PHRASES.items()
}
_ENGLISH_LEFT = re.compile(r"\b(para|criterion|question|footnote|section|chapter|summary|finding|"
                           r"reference|signatory|condition|report|response|leaflet|level)\b")


def translate(citation_en: str, lang: str) -> str | None:
    """The citation in `lang` ('da' or 'nl'), or None when no rule covers it."""
    out = citation_en
    for pattern, local in _COMPILED[lang]:
        out = pattern.sub(local, out)
    if out == citation_en and not citation_en.startswith(("BEK ", "Arbejdsmiljøloven")):
        return None
    if _ENGLISH_LEFT.search(out):
        return None  # half-translated: better English only than mixed
    return out


def localized(iri: str, citation_en: str) -> dict[str, str]:
    """{'da': ..., 'nl': ...} for the languages a rule covers."""
    out = {}
    for lang in ("da", "nl"):
        text = eu_citation(iri, lang) or translate(citation_en, lang)
        if text and text != citation_en:
            out[lang] = text
    return out
