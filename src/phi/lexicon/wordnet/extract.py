#!/usr/bin/env python3
"""Generate src/phi/lexicon/en-wordnet.lex from WordNet 3.0.

Reads the WordNet 3.0 database shipped by Debian's wordnet-base
(/usr/share/wordnet: data.*, index.*, cntlist.rev), walks the hyponym
subtrees (pointers "~" and "~i") under the clinical root synsets listed in
ROOTS below, and writes every lemma found there as a lexicon entry. A
lemma under a sensitive root (HIV/STI, oncology, mental health, substance
use, reproductive, genetics) gets that reason; any other gets the reason of
its nearest root.

Curation (all in this directory):
  exclude.txt    terms to drop (slang, non-clinical senses, too generic)
  overrides.txt  terms forced strong or weak, or given another reason
  PRUNE below    whole subtrees to skip (plant and animal diseases, ...)
and automatic rules:
  - lemmas of 1-2 characters are dropped (hand-curated files carry the
    few short acronyms that matter, with `case`);
  - lemmas with characters outside [A-Za-z0-9 -'/.&] are dropped;
  - lemmas of more than 4 words are dropped (obscure noise);
  - an acronym whose lower-case form is an English word (a lower-case
    WordNet lemma) gets `case`; other lemmas are written lower-case;
  - a term is `weak` when WordNet's sense-tagged counts (cntlist.rev) say
    its senses outside clinical use are common (see weak_reason());
  - a term already defined in a hand-curated en-*.lex file is skipped: the
    hand-curated entry (with its reason and flags) wins, and a cue, guard or
    negation in en-context.lex ("side effect", "flare") never also becomes
    a WordNet finding. So regenerate after editing those files (--check
    tells whether en-wordnet.lex is stale).

Usage:
  python3 src/phi/lexicon/wordnet/extract.py            # write en-wordnet.lex
  python3 src/phi/lexicon/wordnet/extract.py --dump     # TSV with the evidence
  python3 src/phi/lexicon/wordnet/extract.py --check    # exit 1 if out of date

Deterministic: output is sorted and depends only on the WordNet files, the
curation files and the hand-curated lexicons, so running it twice gives the
same file. Python 3 standard library only.
"""

import argparse
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEXDIR = os.path.dirname(HERE)
OUT = os.path.join(LEXDIR, "en-wordnet.lex")
WNDIR = os.environ.get("WNDIR", "/usr/share/wordnet")

# (offset in data.noun, a lemma of that synset as a check, reason[, "self"]).
# "self": the synset's own lemmas only, not its hyponyms. A synset under a
# sensitive root gets that reason (the first in PRIORITY if several);
# otherwise it gets the reason of its nearest root (fewest hyponym links),
# ties going to the reason earlier in PRIORITY. Offsets are WordNet 3.0's
# and never change.
ROOTS = [
    # conditions
    ("14052403", "disorder", "condition"),
    ("14061805", "illness", "condition"),
    ("14070360", "disease", "condition"),
    ("14052046", "ill_health", "condition"),
    ("14204950", "pathology", "condition"),
    ("14213199", "affliction", "condition"),
    ("14285662", "injury", "condition"),
    ("14298815", "wound", "condition"),
    ("14299637", "symptom", "condition"),
    ("14301785", "sign", "condition"),
    ("14304060", "syndrome", "condition"),
    ("14174549", "infection", "condition"),
    ("14532816", "allergy", "condition"),
    ("14501726", "abnormality", "condition"),
    ("14465048", "birth_defect", "condition"),
    ("14151139", "genetic_disorder", "condition"),
    ("14548343", "disability", "condition"),
    ("14074041", "complication", "condition"),
    ("14311977", "side_effect", "condition"),
    ("14235200", "tumor", "condition"),
    ("14509712", "poisoning", "condition"),
    ("13444513", "dental_caries", "condition"),
    ("14322699", "pain", "condition"),
    # mental health
    ("14083790", "mental_disorder", "mental-health"),
    ("14380140", "mental_illness", "mental-health"),
    ("14374432", "anxiety", "mental-health"),
    ("14389240", "depressive_disorder", "mental-health"),
    ("05896998", "autism", "mental-health"),
    ("14055623", "eating_disorder", "mental-health"),
    ("14061263", "anorexia_nervosa", "mental-health"),
    ("14056280", "attention_deficit_disorder", "mental-health"),
    ("14060688", "learning_disability", "mental-health"),
    ("00700652", "psychotherapy", "mental-health"),
    ("00222485", "suicide", "mental-health"),
    ("02718811", "antidepressant", "medication"),     # SSRIs etc. have broad uses
    ("03713736", "antipsychotic", "mental-health"),
    ("03771443", "anxiolytic", "medication"),
    ("06055946", "psychiatry", "mental-health"),
    ("03746574", "psychiatric_hospital", "mental-health"),
    # HIV and sexually transmitted infections
    ("14133159", "sexually_transmitted_disease", "hiv-sti"),
    ("14127782", "acquired_immune_deficiency_syndrome", "hiv-sti"),
    ("01336718", "human_immunodeficiency_virus", "hiv-sti"),
    ("01338685", "herpes_virus", "hiv-sti"),
    ("14131950", "herpes", "hiv-sti"),
    ("04085365", "reverse_transcriptase_inhibitor", "hiv-sti"),
    ("04013993", "protease_inhibitor", "hiv-sti"),
    ("03248560", "haart", "hiv-sti"),
    # substance use
    ("14062725", "addiction", "substance-use"),
    ("14064644", "alcoholism", "substance-use"),
    ("09181993", "dipsomania", "substance-use"),
    ("14064408", "drug_addiction", "substance-use"),
    ("00947923", "drug_abuse", "substance-use"),
    ("00948064", "alcohol_abuse", "substance-use"),
    ("03248958", "drug_of_abuse", "substance-use", "self"),   # its subtree is drinks and tobacco
    ("03492717", "hard_drug", "substance-use"),
    ("04256993", "soft_drug", "substance-use"),
    ("04064988", "recreational_drug", "substance-use"),
    ("03428571", "gateway_drug", "substance-use"),
    ("03699396", "lsd", "substance-use"),
    ("02704153", "amphetamine", "substance-use"),
    ("03754014", "methadone", "substance-use"),
    ("03479647", "hallucinogen", "substance-use"),
    ("03054098", "club_drug", "substance-use"),
    ("03179489", "designer_drug", "substance-use"),
    ("14373057", "withdrawal_symptom", "substance-use"),
    ("00699320", "detoxification", "substance-use"),
    # reproductive health and pregnancy
    ("14046202", "pregnancy", "reproductive"),
    ("00851994", "birth_control", "reproductive"),
    ("00852181", "contraception", "reproductive"),
    ("03096593", "contraceptive", "reproductive"),
    ("03936895", "birth_control_pill", "reproductive"),
    ("00230324", "abortion", "reproductive"),
    ("00230475", "miscarriage", "reproductive"),
    ("02668093", "abortion_pill", "reproductive"),
    ("14045507", "infertility", "reproductive"),
    ("00692130", "sterilization", "reproductive"),
    ("00845352", "artificial_insemination", "reproductive"),
    ("03329880", "fertility_drug", "reproductive"),
    ("00153288", "prenatal_diagnosis", "reproductive"),
    ("05743870", "pregnancy_test", "reproductive"),
    ("14048441", "labor", "reproductive"),
    ("00042541", "obstetrical_delivery", "reproductive"),
    ("13448334", "childbirth", "reproductive"),
    ("13532886", "parturition", "reproductive"),
    ("14360156", "morning_sickness", "reproductive"),
    ("14191284", "eclampsia", "reproductive"),
    ("06053439", "obstetrics", "reproductive"),
    # genetics
    ("00645162", "genetic_screening", "genetics"),
    ("06651302", "genetic_counseling", "genetics"),
    # oncology
    ("14239918", "cancer", "oncology"),
    ("14239425", "malignant_tumor", "oncology"),
    ("14237561", "malignancy", "oncology"),
    ("00662340", "chemotherapy", "oncology"),
    ("00705580", "radiotherapy", "oncology"),
    ("02722458", "antineoplastic", "oncology"),
    ("06054266", "oncology", "oncology"),
    ("00685508", "mastectomy", "oncology"),
    # medications
    ("03247620", "drug", "medication"),
    ("03740161", "medication", "medication"),
    ("02716866", "antibiotic", "medication"),
    ("04517535", "vaccine", "medication"),
    ("02707683", "analgesic", "medication"),
    # procedures
    ("01024392", "medical_procedure", "procedure"),
    ("00671351", "surgery", "procedure"),
    ("01024547", "dental_procedure", "procedure"),
    ("00661091", "therapy", "procedure"),
    ("00657604", "medical_care", "procedure"),
    ("00823884", "vaccination", "procedure"),
    ("00828990", "immunization", "procedure"),
    ("00697365", "injection", "procedure"),
    ("00324056", "transfusion", "procedure"),
    ("00649760", "dialysis", "procedure"),
    ("00700000", "physical_therapy", "procedure"),
    # tests
    ("05739043", "diagnostic_test", "test"),
    ("00177127", "diagnostic_procedure", "test"),
    ("05742551", "blood_test", "test"),
    ("05740929", "biopsy", "test"),
    ("00642045", "endoscopy", "test"),
    ("00901083", "imaging", "test"),
    ("04100620", "x-ray_picture", "test"),
    ("03716228", "mammogram", "test"),
    ("04142549", "cat_scan", "test"),
    ("00644967", "screening", "test"),
]

# Subtrees not walked: not about human patients, or not clinical.
PRUNE = [
    ("14276936", "plant_disease"),
    ("14253124", "animal_disease"),
    ("14018567", "drunkenness"),        # being drunk, not a disorder
    ("07884567", "alcoholic_beverage"),  # drinks (under drug of abuse)
    ("04442831", "tobacco"),             # tobacco products (under drug of abuse)
    ("00142361", "checkup"),           # generic visit type: must pass untouched
]

REASONS = {"condition", "medication", "test", "procedure", "lab", "hiv-sti", "oncology",
           "mental-health", "substance-use", "reproductive", "genetics"}
PRIORITY = ["hiv-sti", "oncology", "mental-health", "substance-use", "reproductive",
            "genetics", "condition", "medication", "test", "procedure"]

# Glosses of clinical senses outside the walked subtrees start with these.
CLINICAL_GLOSS = re.compile(
    r"^\((medicine|pathology|psychiatry|psychology|physiology|surgery|pharmacology|"
    r"obstetrics|gynecology|ophthalmology|dentistry|radiology|neurology|immunology|"
    r"virology|bacteriology|oncology|dermatology|pediatrics|anatomy|biology|"
    r"embryology|cardiology|orthopedics|urology|pregnancy|psychoanalysis)\)")
# Synsets in these domains (";c" pointer) count as clinical too.
MEDICINE_DOMAIN = "06043075"   # medicine, medical specialty (and its hyponyms)
EXTRA_DOMAINS = ["06080522",   # physiology
                 "06037666"]   # biology

ALLOWED = re.compile(r"^[A-Za-z0-9 \-'/.&]+$")
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
SS_NUM = {"n": "1", "v": "2", "a": "3", "r": "4", "s": "5"}


# ---------------------------------------------------------------- WordNet


class WordNet:
    def __init__(self, d):
        self.syn = {}      # (pos, offset) -> (lexfile, [(lemma, lexid)], [ptr], gloss)
        self.index = {}    # lemma -> [(pos, offset), ...] in index order
        self.count = {}    # (lemma, ss_num, lexfile, lexid) -> tagged count
        for name, pos in POS.items():
            with open(os.path.join(d, "data." + name), encoding="latin-1") as f:
                for line in f:
                    if line.startswith("  "):
                        continue
                    body, _, gloss = line.partition(" | ")
                    t = body.split()
                    off, lexfile, ss, n = t[0], int(t[1]), t[2], int(t[3], 16)
                    words = [(t[4 + 2 * i], int(t[5 + 2 * i], 16)) for i in range(n)]
                    i = 4 + 2 * n
                    pc = int(t[i])
                    i += 1
                    ptrs = []
                    for _ in range(pc):
                        ptrs.append((t[i], t[i + 1], t[i + 2]))
                        i += 4
                    self.syn[(pos, off)] = (lexfile, ss, words, ptrs, gloss.strip())
            with open(os.path.join(d, "index." + name), encoding="latin-1") as f:
                for line in f:
                    if line.startswith("  "):
                        continue
                    t = line.split()
                    pc = int(t[3])
                    offs = t[6 + pc:]
                    self.index.setdefault(t[0], []).extend((pos, o) for o in offs)
        with open(os.path.join(d, "cntlist.rev"), encoding="latin-1") as f:
            for line in f:
                key, _sense, cnt = line.split()
                lemma, _, rest = key.partition("%")
                ss, lexfile, lexid = rest.split(":")[:3]
                k = (lemma, ss, int(lexfile), int(lexid))
                self.count[k] = self.count.get(k, 0) + int(cnt)

    def lowercase_words(self):
        """One-word lemmas that WordNet writes in lower case (common words)."""
        out = set()
        for _, _, words, _, _ in self.syn.values():
            for w, _ in words:
                w = re.sub(r"\([a-z]+\)$", "", w)
                if "_" not in w and w == w.lower():
                    out.add(w)
        return out

    def words(self, k):
        return [w for w, _ in self.syn[k][2]]

    def hyponyms(self, k):
        return [("n", o) for s, o, p in self.syn[k][3] if s in ("~", "~i") and p == "n"]

    def subtree(self, k, stop=()):
        seen, todo = set(), [k]
        while todo:
            x = todo.pop()
            if x in seen or x in stop:
                continue
            seen.add(x)
            todo.extend(self.hyponyms(x))
        return seen

    def tagged(self, lemma, k):
        """Sense-tagged frequency of lemma in synset k (SemCor counts)."""
        lexfile, ss, words, _, _ = self.syn[k]
        for w, lexid in words:
            if norm_key(w) == lemma:
                return self.count.get((lemma, SS_NUM[ss], lexfile, lexid), 0)
        return 0


def norm_key(w):
    """WordNet lemma as it appears in index files: lower case, underscores."""
    w = re.sub(r"\([a-z]+\)$", "", w)      # adjective markers (p) (a) (ip)
    return w.lower()


# ---------------------------------------------------------------- curation


def read_list(path):
    """Terms one per line; '#' starts a comment; returns {term: rest}."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            term, _, rest = line.partition("|")
            term = " ".join(term.split()).lower()
            if term in out:
                sys.exit("%s:%d: duplicate %r" % (path, n, term))
            out[term] = rest.split()
    return out


def curated_terms():
    """Lower-cased terms defined in the hand-curated lexicons (not ours)."""
    terms = set()
    for path in sorted(glob.glob(os.path.join(LEXDIR, "en-*.lex"))):
        if os.path.abspath(path) == OUT:
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                s = line.strip()
                if not s or s.startswith("#") or s.startswith("@"):
                    continue
                s = re.split(r"\s#", s, 1)[0]
                term = s.split("|", 1)[0].strip()
                terms.add(" ".join(term.split()).lower())
    return terms



# ---------------------------------------------------------------- extraction


def walk(wn):
    """{synset: (distance, priority, reason, root lemma)} for every synset reached."""
    stop = set()
    for off, lemma in PRUNE:
        k = ("n", off)
        assert lemma in [norm_key(w) for w in wn.words(k)], (off, lemma)
        stop.add(k)
    best = {}
    for off, lemma, reason, *opt in ROOTS:
        k = ("n", off)
        if lemma not in [norm_key(w) for w in wn.words(k)]:
            sys.exit("root %s is not %r: %s" % (off, lemma, wn.words(k)))
        pri = PRIORITY.index(reason)
        # breadth-first for distances
        dist = {k: 0}
        frontier = [k]
        while frontier and "self" not in opt:
            nxt = []
            for x in frontier:
                for y in wn.hyponyms(x):
                    if y not in dist and y not in stop:
                        dist[y] = dist[x] + 1
                        nxt.append(y)
            frontier = nxt
        sensitive = pri < PRIORITY.index("condition")
        for x, d in dist.items():
            cand = ((0, pri, d) if sensitive else (1, d, pri), reason, lemma)
            if x not in best or cand < best[x]:
                best[x] = cand
    return {x: (rank, reason, lemma) for x, (rank, reason, lemma) in best.items()}


def clinical_synsets(wn, reached):
    clin = set(reached)
    domains = wn.subtree(("n", MEDICINE_DOMAIN))
    for off in EXTRA_DOMAINS:
        domains |= wn.subtree(("n", off))
    dom_offs = {o for _, o in domains}
    for k, (_, _, _, ptrs, gloss) in wn.syn.items():
        if CLINICAL_GLOSS.match(gloss):
            clin.add(k)
        elif any(s == ";c" and o in dom_offs for s, o, _ in ptrs):
            clin.add(k)
    return clin


def weak_reason(wn, key, clin):
    """Why the lemma `key` (index form) is weak, or None.

    Senses of the lemma in all parts of speech are split into clinical ones
    (in the walked subtrees, or glossed/domain-tagged as medicine) and the
    rest. SemCor-tagged counts (cntlist.rev) tell how common each is. The
    term is weak when the non-clinical senses are common: tagged at least 3
    times in all and at least as often as the clinical senses. Untagged
    polysemy (rare senses such as "thrush" the bird) does not make a term
    weak: in a medical office's texts the clinical sense dominates.
    """
    senses = wn.index.get(key, [])
    c_cnt = n_cnt = 0
    for k in senses:
        cnt = wn.tagged(key, k)
        if k in clin:
            c_cnt += cnt
        else:
            n_cnt += cnt
    if n_cnt >= 3 and n_cnt >= c_cnt:
        return "common non-clinical senses (SemCor %d vs %d)" % (n_cnt, c_cnt)
    return None


def surface(lemma, english):
    """(term, case?) for a WordNet lemma, or (None, why) if it is dropped."""
    w = re.sub(r"\([a-z]+\)$", "", lemma).replace("_", " ")
    if not ALLOWED.match(w):
        return None, "characters"
    letters = re.sub(r"[^A-Za-z]", "", w)
    if len(re.sub(r"[^A-Za-z0-9]", "", w)) <= 2:
        return None, "short"
    if len(w.split()) > 4:
        return None, "long"
    acronym = len(letters) >= 2 and letters.isupper() and " " not in w
    if acronym and w.lower() in english:
        return w, True
    return w.lower(), False


def build(wn, exclude, overrides, skip, english, verbose=False):
    reached = walk(wn)
    clin = clinical_synsets(wn, reached)
    terms = {}   # term -> dict
    for k in sorted(reached):
        rank, reason, root = reached[k]
        for lemma in wn.words(k):
            term, case = surface(lemma, english)
            if term is None:
                continue
            low = term.lower()
            e = terms.get(low)
            cand = (rank, k[1])
            if e is None or cand < e["rank"]:
                terms[low] = {"term": term, "case": case, "reason": reason, "rank": cand,
                              "lemma": lemma.replace("_", " "),
                              "root": root, "key": norm_key(lemma), "synset": k[1]}
    out = {}
    dropped = {}
    for low, e in terms.items():
        if low in exclude:
            dropped[low] = "exclude.txt"
            continue
        if low in skip:
            dropped[low] = "hand-curated"
            continue
        why = weak_reason(wn, e["key"], clin)
        weak = why is not None
        reason = e["reason"]
        case = e["case"]
        for flag in overrides.get(low, []):
            if flag == "strong":
                weak, why = False, "overrides.txt: strong"
            elif flag == "weak":
                weak, why = True, "overrides.txt: weak"
            elif flag == "case":
                case = True
            elif flag == "nocase":
                case = False
            elif flag.startswith("reason=") and flag[7:] in REASONS:
                reason = flag[len("reason="):]
            else:
                sys.exit("overrides.txt: bad flag %r for %r" % (flag, low))
        term = e["term"]
        if case and term == term.lower():
            term = e["lemma"]
        elif not case:
            term = term.lower()
        if len(re.sub(r"[^A-Za-z0-9]", "", term)) <= 2 and not case:
            sys.exit("%r: one- or two-letter terms need case" % term)
        e.update(weak=weak, why=why, reason=reason, case=case, term=term)
        out[low] = e
    for low in overrides:
        if low not in terms:
            sys.exit("overrides.txt: %r is not extracted" % low)
    return out, dropped


def render(entries, wn=None):
    lines = [
        "# GENERATED FILE - do not edit by hand.",
        "# Made by src/phi/lexicon/wordnet/extract.py from WordNet 3.0 (Debian",
        "# wordnet-base) with the curation in src/phi/lexicon/wordnet/ (exclude.txt,",
        "# overrides.txt). Regenerate with:",
        "#   python3 src/phi/lexicon/wordnet/extract.py",
        "# Terms also defined in a hand-curated en-*.lex file are left out here.",
        "# `weak`: WordNet's sense-tagged counts show common non-clinical senses,",
        "# or overrides.txt says so. `case`: acronyms whose lower case is a word.",
        "@lang en",
        "@source WordNet 3.0, Princeton University (Debian package wordnet-base)",
    ]
    roots = {}
    for off, lemma, reason, *_ in ROOTS:
        name = lemma
        if wn is not None:   # the lemma as WordNet spells it ("LSD", "HAART")
            name = next(w for w in wn.words(("n", off)) if norm_key(w) == lemma)
        roots.setdefault(reason, []).append(name.replace("_", " "))
    for reason in PRIORITY:
        if reason in roots:
            lines.append("@source hyponyms of %s (%s)" % (", ".join(roots[reason]), reason))
    lines += [
        "@source generated by src/phi/lexicon/wordnet/extract.py",
        "@licence WordNet 3.0 license: WordNet 3.0 Copyright 2006 by Princeton University. "
        "All rights reserved. Permission to use, copy, modify and distribute for any purpose "
        "without fee is granted provided the copyright notice and disclaimer appear on all "
        "copies; provided AS IS without warranty; full text in wordnet/LICENSE",
    ]
    for reason in PRIORITY + ["lab"]:
        group = sorted((e for e in entries.values() if e["reason"] == reason),
                       key=lambda e: (e["term"].lower(), e["term"]))
        if not group:
            continue
        lines.append("")
        lines.append("@reason " + reason)
        for e in group:
            flags = []
            if e["case"]:
                flags.append("case")
            if e["weak"]:
                flags.append("weak")
            lines.append(e["term"] + (" | " + " ".join(flags) if flags else ""))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", action="store_true", help="print a TSV with the evidence")
    ap.add_argument("--check", action="store_true", help="fail if en-wordnet.lex is stale")
    ap.add_argument("-o", "--output", default=OUT)
    args = ap.parse_args()

    wn = WordNet(WNDIR)
    exclude = read_list(os.path.join(HERE, "exclude.txt"))
    overrides = read_list(os.path.join(HERE, "overrides.txt"))
    # Common words: WordNet's own lower-case lemmas. (A /usr/share/dict word
    # list adds nothing here - checked with wamerican-large - and would make
    # the output depend on which dictionary is installed.)
    english = wn.lowercase_words()
    entries, dropped = build(wn, exclude, overrides, curated_terms(), english)
    for low in exclude:
        if low not in dropped:
            print("exclude.txt: %r is not extracted (stale?)" % low, file=sys.stderr)

    if args.dump:
        for low in sorted(entries):
            e = entries[low]
            print("\t".join([e["term"], e["reason"], "weak" if e["weak"] else "",
                             "case" if e["case"] else "", e["root"], e["synset"],
                             e["why"] or ""]))
        return 0
    text = render(entries, wn)
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is out of date: run %s" % (args.output, sys.argv[0]), file=sys.stderr)
                return 1
        return 0
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.output)
    print("%s: %d terms" % (args.output, len(entries)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
