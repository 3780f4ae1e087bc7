// Sphinx's search page, made to work for a Swedish handbook and for Swedish as employees
// type it (issues 12 and 27). Loaded only on search.html, after searchtools.js and before the
// query runs. HANDBOK_SEARCH (set by exts/handbok/search.py) holds the ranking tiers.
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Documentation === "undefined") return;
  var CONFIG = typeof HANDBOK_SEARCH === "object" ? HANDBOK_SEARCH
    : { tiers: [], editorial: 0 };
  // The first results, the ones a reader weighs (and recall@5 counts): they get snippets,
  // the pages with all words but one fill them up, and a case among them brings its type.
  var FIRST = 5;

  // 1. The Swedish catalog's plural rule "(n != 1)" gives true or false, and Sphinx picks
  //    the (singular, plural) pair's entry with it: translated[true] is undefined, so
  //    _finishSearch throws and "Sökningen är klar ..." never shows. Give it a number.
  var plural = Documentation.PLURAL_EXPR;
  if (typeof plural === "function") {
    Documentation.PLURAL_EXPR = function (n) { return Number(plural(n)); };
  }

  var SOFT_HYPHEN = /\u00ad/g;

  // 2. Snippets from the page's own text: Sphinx reads everything inside role="main", which
  //    in this theme begins with the header buttons ("Systemets inställning Ljust Mörkt")
  //    and the print-only title. Give it only the article, without soft hyphens.
  // A fetched page as a document, without the theme's <noscript><style>: DOMParser parses
  // noscript's content as elements, and the site's Content-Security-Policy refuses the
  // inline style (issue 25). Every parse of a result page goes through here.
  function parsePage(htmlString) {
    var html = String(htmlString).replace(/<noscript\b[\s\S]*?<\/noscript\s*>/gi, "");
    return new DOMParser().parseFromString(html, "text/html");
  }
  var toText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    var doc = parsePage(htmlString);
    var article = doc.querySelector("article.bd-article");
    if (!article) return toText(htmlString, anchor).replace(SOFT_HYPHEN, "");
    // The page's title is the result's link already: the snippet starts after it.
    var heading = article.querySelector("h1");
    if (heading && !anchor) heading.remove();
    return toText('<div role="main">' + article.outerHTML + "</div>", anchor)
      .replace(SOFT_HYPHEN, "");
  };

  // 3. Sphinx fetches every result page, in full, for its snippet (24 pages for "vänort").
  //    Snippets for the first five results (five pages: one result per page), the ones a
  //    reader weighs, are enough; the rest show their titles. Each snippet costs a whole
  //    page fetched, most of the bytes of a search. Sphinx reads the setting once per
  //    result, in rank order.
  var shown = 0;
  if (DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) {
    Object.defineProperty(DOCUMENTATION_OPTIONS, "SHOW_SEARCH_SUMMARY", {
      configurable: true,
      get: function () { shown += 1; return shown <= FIRST; },
    });
  }

  // 4. Reading the query as employees type it, against the index's own vocabulary.
  var stemmer = typeof Stemmer === "function" ? new Stemmer() : null;
  function stem(w) { return stemmer ? stemmer.stemWord(w) : w; }
  var WORD = /[^\p{L}\p{N}]+/u;
  // Pasted text searches as typed text: compatibility forms (NFKC: ligatures, full-width
  // letters, non-breaking hyphens), and no soft hyphens or zero-width characters.
  function normalize(q) {
    return String(q).normalize("NFKC").replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, "");
  }
  var parseQuery = Search._parseQuery;
  var highlighted = null;  // Sphinx's set of words to highlight in the snippets
  if (typeof parseQuery === "function") {
    Search._parseQuery = function (q) {
      var parsed = parseQuery.call(Search, normalize(q));
      highlighted = parsed[3];
      return parsed;
    };
  }
  var query = normalize(new URLSearchParams(window.location.search).get("q") || "");
  var stop = typeof stopwords === "object" && stopwords.has ? stopwords : new Set();
  // A stopword typed without å/ä/ö ("for", "pa", "nar", "varfor") is that stopword.
  var foldedStop = new Set([...stop].map(fold).filter(function (w) { return !stop.has(w); }));
  function isStop(w) { return stop.has(w) || foldedStop.has(w); }
  var YEAR = /^\d{4}$/;

  // Swedish verbs: the strong verbs' forms and their infinitives (FORMS of
  // exts/handbok/search.py, which indexes the infinitive beside each form), and the particle
  // verbs, which the index also holds as one word ("följer upp" as "uppfölja").
  var FORMS = new Map(Object.entries(CONFIG.forms || {}));
  var FORMS_OF = new Map();  // infinitive -> its forms
  FORMS.forEach(function (inf, form) {
    if (!FORMS_OF.has(inf)) FORMS_OF.set(inf, [inf]);
    FORMS_OF.get(inf).push(form);
  });
  var PARTICLES = CONFIG.particles || [];
  var PREFIXES = CONFIG.prefixes || [];
  // A noun of a strong verb after a particle or prefix ("översyn": "överse"), as the index
  // reads it (VERB_NOUNS).
  var VERB_NOUNS = new Map(Object.entries(CONFIG.verb_nouns || {}));
  function strongVerb(w) {
    if (FORMS.has(w)) return FORMS.get(w);
    for (var i = 0; i < PREFIXES.length; i++) {
      var p = PREFIXES[i], rest = w.slice(p.length);
      if (w.startsWith(p) && rest.length >= 3 && FORMS.has(rest)) return p + FORMS.get(rest);
      if (w.startsWith(p) && VERB_NOUNS.has(rest)) return p + VERB_NOUNS.get(rest);
    }
    return null;
  }
  var WEAK_ENDINGS = CONFIG.weak_endings || [];
  function weakInfinitive(w) {
    for (var i = 0; i < WEAK_ENDINGS.length; i++) {
      var e = WEAK_ENDINGS[i];
      if (w.endsWith(e[0]) && w.length - e[0].length >= 3) return w.slice(0, -e[0].length) + e[1];
    }
    return w;
  }
  // The query's words: a particle verb as one word ("tog fram": "framta"), a year kept, the
  // stopwords and other numbers left out. wordAt: each word's place among the tokens.
  var tokens = query.toLowerCase().split(WORD).filter(Boolean);
  var words = [], wordAt = [], particleVerb = new Map();
  tokens.forEach(function (w, i) {
    if (i > 0 && PARTICLES.indexOf(w) >= 0 && wordAt.length
        && wordAt[wordAt.length - 1] === i - 1 && particleVerb.has(words.length - 1)) return;
    var next = tokens[i + 1];
    if (next && PARTICLES.indexOf(next) >= 0 && /^\p{L}{2,}$/u.test(w)
        && !stop.has(w) || (next && PARTICLES.indexOf(next) >= 0 && FORMS.has(w))) {
      words.push(next + (FORMS.get(w) || weakInfinitive(w)));
      particleVerb.set(words.length - 1, w);
      wordAt.push(i);
      return;
    }
    if ((w.length >= 3 && !isStop(w) && !/^\d+$/.test(w)) || YEAR.test(w)) {
      words.push(w);
      wordAt.push(i);
    }
  });
  var stems = words.map(function (w) { return YEAR.test(w) ? w : stem(w); });
  // Per query stem, how it was read: "exact", "split" (compound parts), "fuzzy" (å/ä/ö or
  // typos), or "none". The words a snippet looks for, and the suggestions for "Menade du".
  var readings = {};
  // Per query word, the forms a title may hold it in: itself, its stem, its compound's
  // parts and its corrections (filled in when the query is read).
  var alternatives = words.map(function (w, n) { return [w, stems[n]]; });
  var snippetWords = new Set(words.concat(stems));
  var suggestions = [];
  var correctedDocs = null;  // docs found only through a corrected word: ranked lower
  var foldedDocs = null;  // docs found only through the word with other å/ä/ö: a little lower
  var broughtUp = null;  // pages a kind of question asks for: with the policies
  var partialDocs = null;  // docs that lack some query words: how many (after all the others)
  var splitDocs = null;  // docs that hold a word's parts only, where others hold the word
  var splitParts = [];  // per query word, the parts of its compound (when it was split)
  var longSplit = [];  // per query word: split although pages hold it whole
  // A reader who asks what they themselves may or must do ("hur rapporterar jag …", "får
  // jag skriva namn …", "hur gör man …") may want the handbook's own instructions, which are
  // its editorial pages: those rank with the training and follow-up, not last.
  var HOWTO = tokens.some(function (w) {
    return ["jag", "vi", "man"].indexOf(w) >= 0
      || (tokens[0] === "hur" && ["du", "ni"].indexOf(w) >= 0);
  });
  // A question about who does something, or about the reader's own duties.
  var ASKS_WHO = tokens.some(function (w) {
    return ["vem", "vems", "vilka", "vilken", "jag"].indexOf(w) >= 0;
  });
  // A reader who asks whom to turn to ("vem pratar jag med om …", "vart vänder jag mig",
  // "vem ska jag fråga") wants the role whose task is to be asked (asked_roles: the
  // international contact person) as well as the pages on the topic. The verbs of turning
  // to someone, a closed class of the language, are then optional words of the question.
  var TURN_TO = new RegExp("^(prata|pratar|pratade|fråga|frågar|frågade|kontakta|kontaktar"
    + "|vända|vänder|vänd|ringa|ringer|mejla|mejlar|maila|mailar|tala|talar|höra|hör)$");
  // So are the verbs of helping, said of the reader ("vem kan hjälpa mig med …"): "vem
  // hjälper förvaltningarna" asks whose duty it is, not whom to turn to.
  var HELPS = new RegExp("^(hjälpa|hjälper|stötta|stöttar|stödja|stöder|guida|guidar"
    + "|vägleda|vägleder)$");
  var HELPED = tokens.some(function (w) { return w === "mig" || w === "oss"; });
  function turnsToWord(w) { return TURN_TO.test(w) || (HELPED && HELPS.test(w)); }
  var ASKS_WHOM = tokens.some(function (w) { return w === "vem" || w === "vart"; })
    && tokens.some(turnsToWord);
  var ASKED = new Set(CONFIG.asked_roles || []);
  // A reader who asks whether a policy still applies ("gäller strategin fortfarande", "är
  // programmet giltigt", "har strategin gått ut") wants the page that says which policies
  // apply today (status_pages: the policy list) as well as the policy.
  var EXPIRED = new RegExp("^(giltig|giltiga|giltigt|giltighet\\S*|utgången|utgånget|utgått"
    + "|upphävd|upphävt|upphävts|inaktuell\\S*)$");
  var APPLIES = /^(gäller|gällande|gällde)$/;
  var STILL = /^(fortfarande|längre|ännu|nu|idag|numera|aktuell|aktuellt|aktuella)$/;
  var ASKS_STATUS = tokens.some(function (w) { return EXPIRED.test(w); })
    || particleVerb.size && words.some(function (w) { return /^(utgå|upphäv)/.test(w); })
    || (tokens.some(function (w) { return APPLIES.test(w); })
      && tokens.some(function (w) { return STILL.test(w); }));
  var STATUS_PAGES = new Set(CONFIG.status_pages || []);
  // A reader who asks for examples ("exempel på jobbskuggningar", "finns det exempel …")
  // wants the casebook (the last tier before the editorial pages): right after the policies.
  // Not one who asks what to do with examples ("hur lägger jag till ett exempel").
  var ASKS_EXAMPLES = tokens.some(function (w) {
    return /^exempl?(el|et|en|ens|ets)?$/.test(w);
  });
  var CASEBOOK = Math.max.apply(null, [0].concat((CONFIG.tiers || []).map(function (p) {
    return p[1];
  })));
  // A reader who asks what a role's task is ("vad ingår i mitt uppdrag som kontaktperson",
  // "förvaltningschefens ansvar", "kontaktpersonsuppdrag") wants that role's page, which
  // gathers its duties from every policy, as well as the pages with the words.
  var DUTY = /^(uppdrag|uppgift|ansvar|roll|ingår|åligg|förvänt|arbetsuppgift)/;
  var DUTY_LAST = /.{4,}(uppdrag|uppdraget|uppgifter|uppgifterna|ansvar|ansvaret|rollen)$/;
  var ASKS_DUTIES = tokens.some(function (w) { return DUTY.test(w) || DUTY_LAST.test(w); });
  // Each role page's names as folded words: of a name of several words, its last, the noun
  // the others describe ("kontaktperson" of "internationell kontaktperson"; "internationella"
  // alone names no role).
  var ROLE_NAMES = new Map(Object.entries(CONFIG.role_names || {}).map(function (e) {
    return [e[0], e[1].map(function (name) {
      var parts = name.toLowerCase().split(WORD).filter(Boolean);
      return fold(parts[parts.length - 1] || "");
    }).filter(Boolean)];
  }));
  // Everyday words of a question that no page needs to hold ("vi har gjort", "ett eget
  // exempel"), besides Sphinx's Swedish stopwords: a page that holds them ranks a little
  // higher, but a page without them is still found. With them the adverbs of time and
  // attitude a question adds to its topic ("gäller strategin fortfarande", "får vi redan"),
  // a closed class of the language, not words of this handbook. So are the modal and
  // auxiliary verbs Sphinx's list leaves in ("måste", "bör", "brukar", "fick").
  var OPTIONAL = new Set(["gjort", "gjorde", "göra", "gör", "görs", "finns", "ska", "vill",
    "får", "kunna", "behöver", "måste", "bör", "borde", "brukar", "brukade", "skall", "fick",
    "ville", "behövde", "egen", "eget", "egna", "också", "någon", "några", "sätt",
    "fortfarande", "längre", "redan", "ännu", "numera", "just", "alltid", "aldrig", "ofta",
    "sällan", "snart", "bara", "igen", "kanske", "egentligen", "alltså", "faktiskt", "även",
    "nog", "väl", "verkligen", "dock", "ens"]);
  // The indexes of the query words every result must hold (all but the optional words and
  // the words found nowhere), and the words found nowhere, which the results page names.
  var required = words.map(function (w, n) { return n; });
  var missingWords = [];

  function fold(w) {
    return w.replace(/[åä]/g, "a").replace(/ö/g, "o").replace(/[éè]/g, "e").replace(/ü/g, "u");
  }

  // Optimal string alignment distance (edits and swapped neighbours), or max + 1 when over.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  function docsOf(map, key) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) return [];
    var files = map[key];
    return files.length === undefined ? [files] : files;
  }

  // Files holding a stem in their text or titles, exactly or inside a longer word (the
  // index's own compounds: "anpassning" finds "klimatanpassning"). ``whole``: not inside a
  // longer word.
  function exactFiles(index, w, whole) {
    var found = new Map();
    function add(files, score) {
      files.forEach(function (f) { found.set(f, Math.max(found.get(f) || 0, score)); });
    }
    add(docsOf(index.terms, w), Scorer.term);
    add(docsOf(index.titleterms, w), Scorer.title);
    if (w.length > 2 && !whole) {
      Object.keys(index.terms).forEach(function (t) {
        if (t !== w && t.indexOf(w) >= 0) add(docsOf(index.terms, t), Scorer.partialTerm);
      });
      Object.keys(index.titleterms).forEach(function (t) {
        if (t !== w && t.indexOf(w) >= 0) add(docsOf(index.titleterms, t), Scorer.partialTitle);
      });
    }
    return found;
  }

  // Files holding exactly this stem (no longer word): the verb readings, which the index
  // holds as words of their own.
  function exactOnly(index, w) {
    var found = new Map();
    docsOf(index.terms, w).forEach(function (f) { found.set(f, Scorer.term); });
    docsOf(index.titleterms, w).forEach(function (f) { found.set(f, Scorer.title); });
    return found;
  }

  // A word's verb readings: a strong verb's infinitive ("skrev": skriva), and a particle
  // verb's noun read as the verb ("uppföljning": uppfölja, which the index holds for "följer
  // upp"). Stemmed, as the index holds them.
  function verbKeys(surface, w) {
    var out = [];
    var v = strongVerb(surface);
    if (v && stem(v) !== w) out.push(stem(v));
    if (w.length >= 8 && /ning$/.test(w) && PARTICLES.some(function (p) {
      return w.startsWith(p);
    })) out.push(stem(w.slice(0, -4) + "a"));
    return out;
  }

  function known(index, w) {
    return Object.prototype.hasOwnProperty.call(index.terms, w)
      || Object.prototype.hasOwnProperty.call(index.titleterms, w);
  }

  // The vocabulary's words within reach of a stem: the same without å/ä/ö, or one edit in
  // words of five letters or more, two in words of eight or more. Nearest first.
  function nearWords(index, w, reach) {
    var max = reach !== undefined ? reach : (w.length >= 8 ? 2 : w.length >= 5 ? 1 : 0);
    var fw = fold(w);
    var out = [];
    var vocabulary = Object.keys(index.terms).concat(Object.keys(index.titleterms));
    new Set(vocabulary).forEach(function (t) {
      // Not a function word, though: "farliga" (stem "far") is no "får".
      if (t === w || t.length < 3 || OPTIONAL.has(t) || stop.has(t)) return;
      var ft = fold(t);
      var d = ft === fw ? 0.5 : (max > 0 ? distance(fw, ft, max) : max + 1);
      if (d <= max || d === 0.5) out.push([t, d]);
    });
    out.sort(function (a, b) { return a[1] - b[1] || a[0].length - b[0].length; });
    return out;
  }

  // The index's stems one edit away from a typed word: every word one deletion, swap,
  // substitution or insertion away, stemmed (so "kommunstyrelssen" reaches "kommunstyr",
  // which the stem of the typo, "kommunstyrelss", is four edits from).
  var LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé";
  function oneEdit(index, surface) {
    var out = new Set();
    if (surface.length < 5) return out;
    function tryWord(v) {
      var s = stem(v);
      if (s.length >= 3 && known(index, s) && !OPTIONAL.has(s) && !stop.has(s)) out.add(s);
    }
    for (var i = 0; i <= surface.length; i++) {
      var a = surface.slice(0, i), b = surface.slice(i);
      if (b) tryWord(a + b.slice(1));
      if (b.length > 1) tryWord(a + b[1] + b[0] + b.slice(2));
      for (var k = 0; k < LETTERS.length; k++) {
        var c = LETTERS[k];
        if (b && b[0] !== c) tryWord(a + c + b.slice(1));
        tryWord(a + c + b);
      }
    }
    return out;
  }

  // Swedish drops the e of -el, -er, -en before an ending (regel, regler; nyckel, nycklar;
  // öken, öknar), and the stemmer keeps what the text had: "regel" is "regl" in an index
  // that holds "regler". The form without the e, when the index holds it.
  // And the other way: a query of the form without the vowel (numret, numren, somrar,
  // regler) where the index holds the full form's stem (nummer: numm; sommar: somm). A
  // consonant before the dropped vowel may be doubled in the full form (num|ret, num|mer).
  var SYNCOPATED = new RegExp("^(.{2,}?[aeiouyåäö])([^aeiouyåäö])([lrn])"
    + "(et|en|ets|ens|ar|arna|arnas|a|as)?$");
  function syncope(index, w) {
    if (w.length < 4) return null;
    if (w.length >= 5 && /[^aeiouyåäö]e[lrn]$/.test(w)) {
      var short = w.slice(0, -2) + w.slice(-1);
      return known(index, short) ? short : null;
    }
    var m = SYNCOPATED.exec(w);
    if (!m) return null;
    var full = [m[1] + m[2] + m[2] + "e" + m[3], m[1] + m[2] + "e" + m[3],
      m[1] + m[2] + m[2] + "a" + m[3], m[1] + m[2] + "a" + m[3]].map(stem).filter(function (c) {
      return c !== w && c.length >= 4 && known(index, c);
    });
    return full.length ? full[0] : null;
  }

  // The definite forms the stemmer keeps: -n after a vowel (strategin, miljön), -et and
  // -t (programmet, nätverket, området; not -it, a verb's supine: skrivit), and their
  // genitives (strategins, programmets). The bare form's stem, when the index holds it
  // ("likheter mellan strategin och programmet" finds a page that says "strategi" and
  // "program").
  function definite(index, w) {
    if (w.length < 5) return null;
    var bare = w.replace(/s$/, "");
    var candidates = /[aeiouyåäö]n$/.test(bare) ? [bare.slice(0, -1)]
      : /([^aeiouyåäö])\1et$/.test(bare) ? [bare.slice(0, -3), bare.slice(0, -2)]
        : /et$/.test(bare) ? [bare.slice(0, -2), bare.slice(0, -1)]
          : /[aeouyåäö]t$/.test(bare) ? [bare.slice(0, -1)] : [];
    for (var i = 0; i < candidates.length; i++) {
      var c = stem(candidates[i]);
      if (c.length >= 4 && c !== w && known(index, c)) return c;
    }
    return null;
  }

  // The stemmer takes off one ending: a genitive on a plural keeps the plural
  // ("kontaktpersoners": "kontaktpersoner", where the index holds "kontaktperson"). The stem's
  // own stem, when the index holds it.
  function restem(index, w) {
    var again = stem(w);
    return again !== w && again.length >= 4 && known(index, again) ? again : null;
  }

  // Swedish verbal nouns in -an take -ning- before an ending (ansökan, ansökningar;
  // anmälan, anmälningar; inbjudan, inbjudningar), and the stemmer keeps each as it is: the
  // other form, when the index holds it. Likewise a verbal noun in -ing or -ning and its
  // verb (ändring, ändrade; redovisning, redovisa; styrning, styra): the stemmer keeps the
  // noun whole and cuts the verb's endings.
  function nounForm(index, w) {
    var other = w.length >= 6 && /[^aeiouyåäö]an$/.test(w) ? w.slice(0, -2) + "ning"
      : w.length >= 7 && /[^aeiouyåäö]ning$/.test(w) ? w.slice(0, -4) + "an" : null;
    if (other && known(index, other)) return other;
    var candidates = w.length >= 7 && /[^aeiouyåäö]n?ing$/.test(w)
      ? [w.slice(0, -3), w.slice(0, -4)]
      : w.length >= 4 && /[^aeiouyåäö]$/.test(w) ? [w + "ing", w + "ning"] : [];
    for (var i = 0; i < candidates.length; i++) {
      var c = candidates[i];
      if (c.length >= 4 && /[^aeiouyåäö]$/.test(c) && known(index, c)) return c;
    }
    return null;
  }

  // A page belongs to its folder: the words of the folders it is in (docs/utbildning/…,
  // casebook/natverk/…) count as words of the page, and of its title. Folder names are
  // written without å/ä/ö, so they are compared folded.
  function folderWords(docname) {
    return docname.split("/").slice(0, -1).join(" ").split(/[^a-z0-9]+/).filter(function (p) {
      return p.length >= 4;
    });
  }
  function folderFiles(index, w) {
    var found = new Map();
    if (w.length < 4) return found;
    var fw = fold(w);
    index.docnames.forEach(function (name, f) {
      if (folderWords(name).some(function (p) { return p.startsWith(fw); })) {
        found.set(f, Scorer.partialTerm);
      }
    });
    return found;
  }

  // The other forms of a word that the stemmer keeps apart, read once a word: ``all`` in
  // the order the snippet looks for them, ``others`` all but a definite form's bare form.
  function formsOf(index, w) {
    var syncopated = syncope(index, w), noun = nounForm(index, w), again = restem(index, w);
    var bare = definite(index, w);
    return { bare: bare, others: [syncopated, noun, again].filter(Boolean),
      all: [syncopated, noun, bare, again].filter(Boolean) };
  }

  // The files of a word in all its forms (regel and regl, ansökan and ansökning, strategin
  // and strategi, kontaktpersoners and kontaktperson): ``files``; and ``typed``, the files
  // without a definite form's bare form (null for a word without one). ``whole``: the word
  // itself not inside a longer word.
  function formFiles(index, w, forms, whole) {
    var files = exactFiles(index, w, whole);
    function add(other, capped) {
      exactFiles(index, other).forEach(function (score, f) {
        if (capped) score = Math.min(score, Scorer.partialTerm);
        files.set(f, Math.max(files.get(f) || 0, score));
      });
    }
    forms.others.forEach(function (other) { add(other, false); });
    var typed = forms.bare ? new Map(files) : null;
    // The bare form of a definite one: as a part of a word is found, a little lower. Unless
    // another rule reads the word so too: "ändrats" is a verb's ending (ändr), not an article.
    if (forms.bare && forms.others.indexOf(forms.bare) < 0) add(forms.bare, true);
    return { files: files, typed: typed };
  }

  // A compound the index does not hold, split into words it does: vänorts|samarbete ->
  // vänort + samarbet (linking -s-, -e-, -a-, -u-, -o- dropped), in as few parts as may be.
  // The last parts of the index's words, of four letters or more: a first part that the
  // handbook writes only as the end of other compounds ("chef" in "förvaltningschefer").
  var endings = null;
  function endsAWord(index, c) {
    if (!endings) {
      endings = new Set();
      Object.keys(index.terms).concat(Object.keys(index.titleterms)).forEach(function (t) {
        for (var i = 1; i + 4 <= t.length; i++) endings.add(t.slice(i));
      });
    }
    return c.length >= 4 && endings.has(c);
  }

  // The first parts of the index's own compounds: what comes before a word of the index
  // (with a linking -s-) in a longer word of it ("klimat" in "klimatanpassning"). Such a
  // part is a word of the language though the handbook never writes it alone.
  var firstParts = null;
  function beginsAWord(index, c) {
    if (!firstParts) {
      firstParts = new Set();
      Object.keys(index.terms).concat(Object.keys(index.titleterms)).forEach(function (t) {
        for (var i = 4; i + 4 <= t.length; i++) {
          var rest = t.slice(i);
          if (known(index, rest) || (rest[0] === "s" && rest.length > 4
              && known(index, rest.slice(1)))) firstParts.add(t.slice(0, i));
        }
      });
    }
    return c.length >= 4 && firstParts.has(c);
  }

  function splitCompound(index, word, depth, loose) {
    if (depth > 3 || word.length < 6) return null;
    var best = null;
    for (var i = word.length - 3; i >= 3; i--) {
      var left = word.slice(0, i), right = word.slice(i);
      var lefts = [left];
      if (/[seauo]$/.test(left) && left.length > 3) lefts.push(left.slice(0, -1));
      var leftStem = null;
      for (var k = 0; k < lefts.length && !leftStem; k++) {
        [lefts[k], stem(lefts[k])].forEach(function (c) {
          if (!leftStem && c.length >= 3 && (known(index, c) || syncope(index, c)
              || (loose && endsAWord(index, c)))) leftStem = c;
        });
      }
      // Else a first part of the index's compounds, without its linking -s- where it has one
      // ("vänort" before "vänorts").
      for (k = lefts.length - 1; k >= 0 && !leftStem; k--) {
        if (beginsAWord(index, lefts[k])) leftStem = lefts[k];
      }
      if (!leftStem) continue;
      var rightStem = stem(right);
      var whole = rightStem.length >= 3 && (known(index, rightStem) || syncope(index, rightStem));
      var rest = whole ? [rightStem]
        : splitCompound(index, right, depth + 1, loose);
      if (!rest) continue;
      var parts = [leftStem].concat(rest);
      if (!best || parts.length < best.length) best = parts;
    }
    // An acronym or short word glued to the front without a hyphen ("EUregler" for
    // "EU-regler", "ITstöd"): a two-letter word of the index, then a word of at least four
    // letters. Only when no longer first part fits.
    if (!best && depth === 0 && word.length >= 6 && known(index, word.slice(0, 2))) {
      var tail = stem(word.slice(2));
      if (tail.length >= 4 && (known(index, tail) || syncope(index, tail))) {
        best = [word.slice(0, 2), tail];
      } else {
        var more = splitCompound(index, word.slice(2), 1);
        if (more) best = [word.slice(0, 2)].concat(more);
      }
    }
    return best;
  }

  // A query word's reading: the file groups it matches (each group a file -> score map).
  function newReading(word, groups) {
    return { word: word, groups: groups, corrected: new Set(), folded: new Set(),
      splitOnly: new Set() };
  }

  function readQuery(index) {
    var readingsOut = [];
    stems.forEach(function (w, n) {
      var surface = words[n];
      // A year: that number only.
      if (YEAR.test(w)) {
        readingsOut.push(newReading(surface, [exactOnly(index, w)]));
        return;
      }
      // A particle verb ("följa upp", "tog fram"): the index's particle verbs and their nouns
      // (uppföljning), else the verb alone, ranked lower.
      if (particleVerb.has(n)) {
        var pv = exactOnly(index, w);
        exactFiles(index, w + "ning").forEach(function (score, f) { pv.set(f, score); });
        var verb = particleVerb.get(n);
        var alone = strongVerb(verb) ? stem(strongVerb(verb)) : stem(verb);
        [alone].concat(verbKeys(verb, stem(verb))).forEach(function (k) {
          exactOnly(index, k).forEach(function (score, f) {
            if (!pv.has(f)) pv.set(f, Scorer.partialTerm);
          });
          snippetWords.add(k);
          alternatives[n].push(k);
        });
        alternatives[n].push(w + "ning");
        snippetWords.add(w + "ning");
        readingsOut.push(newReading(verb + " " + tokens[wordAt[n] + 1], pv.size ? [pv] : []));
        return;
      }
      verbKeys(surface, w).forEach(function (k) {
        alternatives[n].push(k);
        snippetWords.add(k);
      });
      // The snippet shows and highlights the verb in whatever form the page has it ("skrev"
      // for "skriver").
      var inf = strongVerb(surface);
      if (inf) {
        var prefix = PREFIXES.filter(function (p) {
          return inf.startsWith(p) && FORMS_OF.has(inf.slice(p.length));
        })[0] || "";
        (FORMS_OF.get(inf.slice(prefix.length)) || []).forEach(function (f) {
          if ((prefix + f).length >= 3) snippetWords.add(prefix + f);
        });
      }
      var forms = formsOf(index, w);
      forms.all.forEach(function (other) {
        alternatives[n].push(other);
        snippetWords.add(other);
      });
      // A stem of three letters that the stemmer cut from a long word ("farliga": far, as
      // "tydliga": tyd) is no part of other words ("erfarenhet"): it is found whole only.
      var cut = w.length <= 3 && surface.length >= w.length + 3;
      var found = formFiles(index, w, forms, cut);
      var exact = found.files;
      verbKeys(surface, w).forEach(function (k) {
        exactOnly(index, k).forEach(function (score, f) {
          exact.set(f, Math.max(exact.get(f) || 0, score));
        });
      });
      var reading = newReading(surface, []);
      if (exact.size) reading.groups.push(exact);
      // A definite form as typed ("strategin") that pages of the content hold: the pages
      // with only its bare form ("strategi") come after them, as for a compound's parts.
      var typed = found.typed;
      if (typed) {
        if ([...typed.keys()].some(function (f) {
          return tier(index.docnames[f]) !== CONFIG.editorial;
        })) {
          exact.forEach(function (s, f) { if (!typed.has(f)) reading.splitOnly.add(f); });
        }
      }
      // A word the index does not hold, or holds on one or two pages only (an editorial page
      // that names the word): its compound's parts too.
      // A long compound that pages hold whole is read as its parts too: a page whose title
      // holds every part ("Utbildning för förvaltningschefer" for "chefsutbildning") is about
      // it; other pages with the parts only come after those with the word.
      var longOnly = known(index, w) && exact.size > 2;
      if (!longOnly || surface.length >= 12) {
        // A first part that is only the end of other words, when no other split fits.
        var parts = splitCompound(index, surface, 0) || splitCompound(index, surface, 0, true);
        if (parts) {
          splitParts[n] = parts;
          if (longOnly) longSplit[n] = true;
          // Every part must be on the page: the intersection of the parts' files.
          var together = null;
          parts.forEach(function (p) {
            // A part may be the page's folder ("utbildning" for docs/utbildning/…), or a
            // verb's noun ("översyn": "se över").
            var files = formFiles(index, p, formsOf(index, p)).files;
            verbKeys(p, stem(p)).forEach(function (k) {
              exactOnly(index, k).forEach(function (score, f) {
                if (!files.has(f)) files.set(f, score);
              });
            });
            folderFiles(index, p).forEach(function (score, f) {
              if (!files.has(f)) files.set(f, score);
            });
            snippetWords.add(p);
            // The parts of a word that pages hold whole count in a title only all together
            // (see matches).
            if (!longOnly) alternatives[n].push(p);
            if (syncope(index, p)) {
              snippetWords.add(syncope(index, p));
              if (!longOnly) alternatives[n].push(syncope(index, p));
            }
            if (together === null) together = files;
            else together = new Map([...together].filter(function (e) { return files.has(e[0]); }));
          });
          // A word that pages hold whole: only the pages whose title holds every part.
          if (together && longOnly) {
            together = new Map([...together].filter(function (e) {
              return exact.has(e[0]) || partsInTitle(parts, index.titles[e[0]] || "",
                folderWords(index.docnames[e[0]]));
            }));
          }
          if (together && together.size) {
            reading.groups.push(together);
            // The word as typed is on a page of the handbook's content: the pages that hold
            // only its parts rank after those that hold it.
            var exactContent = [...exact.keys()].some(function (f) {
              return tier(index.docnames[f]) !== CONFIG.editorial;
            });
            if (exactContent) {
              together.forEach(function (s, f) {
                if (!exact.has(f)) reading.splitOnly.add(f);
              });
            }
          }
        }
      }
      // The same word without (or with) å/ä/ö, always: "uppfoljning" also finds
      // "Uppföljning", though a file name holds "uppfoljning" as it is. Ranked a little lower.
      nearWords(index, w, 0).forEach(function (pair) {
        var files = exactFiles(index, pair[0]);
        var extra = new Map();
        files.forEach(function (score, f) {
          var already = reading.groups.some(function (g) { return g.has(f); });
          if (!already) { extra.set(f, score); reading.folded.add(f); }
        });
        if (extra.size) {
          reading.groups.push(extra);
          snippetWords.add(pair[0]);
          alternatives[n].push(pair[0]);
        }
      });
      // Rare or unknown words: the near words of the vocabulary too, ranked lower.
      var total = reading.groups.reduce(function (s, g) { return s + g.size; }, 0);
      if (total <= 2) {
        var near = nearWords(index, w);
        var have = new Set(near.map(function (pair) { return pair[0]; }));
        oneEdit(index, surface).forEach(function (s) {
          if (s !== w && !have.has(s)) near.push([s, 1]);
        });
        near.sort(function (a, b) { return a[1] - b[1]; });
        near.slice(0, 4).forEach(function (pair) {
          var files = exactFiles(index, pair[0]);
          var extra = new Map();
          files.forEach(function (score, f) {
            var already = reading.groups.some(function (g) { return g.has(f); });
            if (!already) { extra.set(f, score); reading.corrected.add(f); }
          });
          if (extra.size) {
            reading.groups.push(extra);
            snippetWords.add(pair[0]);
            alternatives[n].push(pair[0]);
          }
        });
      }
      // Last, the pages in a folder of that name (docs/utbildning/… for "utbildning") that
      // no other reading found.
      var inFolder = new Map();
      folderFiles(index, w).forEach(function (score, f) {
        if (!reading.groups.some(function (g) { return g.has(f); })) inFolder.set(f, score);
      });
      if (inFolder.size) reading.groups.push(inFolder);
      readingsOut.push(reading);
    });
    return readingsOut;
  }

  // Sphinx's full-text search, on the query as read above: each query word must be found
  // (as itself, its compound's parts or a near word); a page found only through a corrected
  // word ranks below the others. When fewer than five pages hold every word, though each
  // word is on some page, the pages that hold all words but one follow, below every page
  // that holds them all ("pengar från EU till projekt" also finds the strategy, which speaks
  // of EU projects and "finansiering", not of "pengar"). The optional words need not be
  // on the page. A word found nowhere is left out, and named above the results ("vem
  // bestämmer om strategin": the text says "beslutar"); a query whose every word is found
  // nowhere gets no result and "Menade du …".

  // A question about what tells two things apart ("skillnad mellan studiebesök och
  // jobbskuggning", "vad skiljer en konferens från ett nätverk") asks about each of them: a
  // page needs one of the two (a page with both gets a little more), and the word that asks
  // for the difference need not be on it.
  var CUE = /^(skillnad|skilj|likhet|jämför)/;
  var CONJUNCTIONS = ["och", "från", "eller", "mot", "kontra", "med", "vs"];
  var COMPARES = false;
  function comparison(read) {
    var cue = -1;
    words.forEach(function (w, n) { if (cue < 0 && CUE.test(w)) cue = n; });
    if (cue < 0) return;
    COMPARES = true;
    for (var i = wordAt[cue] + 1; i < tokens.length; i++) {
      if (CONJUNCTIONS.indexOf(tokens[i]) < 0) continue;
      var a = -1, b = -1;
      words.forEach(function (w, n) {
        if (n !== cue && wordAt[n] > wordAt[cue] && wordAt[n] < i) a = n;
        if (b < 0 && wordAt[n] > i) b = n;
      });
      if (a < 0 || b < 0) return;
      read[b].groups.forEach(function (g) { read[a].groups.push(g); });
      alternatives[a] = alternatives[a].concat(alternatives[b]);
      read[b].either = true;
      read[cue].either = true;
      return;
    }
  }
  Search.performTermsSearch = function (searchTerms, excludedTerms) {
    var index = Search._index;
    countWords(index);
    var read = readQuery(index);
    comparison(read);
    readings = read;
    // Every reading is highlighted in the snippets, not only the words as typed.
    if (highlighted) {
      snippetWords.forEach(function (w) {
        if (String(w).length >= 3 || YEAR.test(w)) highlighted.add(String(w));
      });
      words.forEach(function (w) { if (YEAR.test(w)) highlighted.add(w); });
    }
    correctedDocs = new Set();
    var correctedFiles = new Set();
    foldedDocs = new Set();
    partialDocs = new Map();
    splitDocs = new Set();
    var counts = new Map();  // file -> [words found, best score]
    var bonus = new Map();  // file -> optional words found
    // A word no page holds (after the compound and typo readings) does not empty the
    // results: the others are searched, and the page says which word gave nothing.
    read.forEach(function (reading, n) {
      var all = new Map();
      reading.groups.forEach(function (g) { g.forEach(function (s, f) { all.set(f, s); }); });
      reading.found = all.size;
      // A verb of turning to someone that begins the asked role's name ("kontaktar":
      // kontakt|person) stays: it finds that role itself.
      var turnsTo = ASKS_WHOM && turnsToWord(words[n]) && ![...ASKED].some(function (name) {
        return (ROLE_NAMES.get(name) || []).some(function (w) {
          return w.startsWith(fold(stems[n]));
        });
      });
      reading.optional = OPTIONAL.has(words[n]) || Boolean(reading.either) || turnsTo;
    });
    required = [];
    read.forEach(function (r, n) { if (r.found && !r.optional) required.push(n); });
    if (!required.length) read.forEach(function (r, n) { if (r.found) required.push(n); });
    missingWords = required.length ? read.filter(function (r) {
      return !r.found && !r.optional;
    }).map(function (r) { return r.word; }) : [];
    read.forEach(function (reading, n) {
      var isRequired = required.indexOf(n) >= 0;
      var files = new Map();
      reading.groups.forEach(function (g) {
        g.forEach(function (score, f) { files.set(f, Math.max(files.get(f) || 0, score)); });
      });
      // Only a word the page must hold: an optional word's near words add no doubt.
      if (isRequired) reading.corrected.forEach(function (f) { correctedFiles.add(f); });
      reading.folded.forEach(function (f) { foldedDocs.add(index.docnames[f]); });
      reading.splitOnly.forEach(function (f) { splitDocs.add(index.docnames[f]); });
      if (!isRequired) {
        files.forEach(function (score, f) { bonus.set(f, (bonus.get(f) || 0) + 1); });
        return;
      }
      files.forEach(function (score, f) {
        var c = counts.get(f) || [0, 0];
        counts.set(f, [c[0] + 1, Math.max(c[1], score)]);
      });
    });
    var perFile = new Map();
    var need = required.length;
    counts.forEach(function (c, f) {
      if (need && c[0] === need) perFile.set(f, c[1] + (bonus.get(f) || 0));
    });
    // A long question (four words or more that count) that few pages answer in full: the
    // pages with all but two follow, and so on down to half of its words, each step after
    // the one before ("kan jag som lärare följa en kollega på en skola utomlands").
    for (var missing = 1; need >= 2 && perFile.size < FIRST && missing <= Math.max(1,
      Math.floor(need / 2) - (need < 4 ? 1 : 0)); missing++) {
      counts.forEach(function (c, f) {
        if (c[0] === need - missing) {
          perFile.set(f, c[1] + (bonus.get(f) || 0));
          partialDocs.set(index.docnames[f], missing);
        }
      });
    }
    // The pages a kind of question asks for, though they may lack a word of it: the role's
    // page for its task, the pages that say which policies apply ("gäller strategin
    // fortfarande"), the role a reader turns to. With the best score.
    var best = 0;
    perFile.forEach(function (score) { best = Math.max(best, score); });
    broughtUp = new Set();
    function bringUp(names) {
      names.forEach(function (name) {
        var f = index.docnames.indexOf(name);
        if (f < 0) return;
        broughtUp.add(name);
        perFile.set(f, Math.max(perFile.get(f) || 0, best));
        partialDocs.delete(name);
      });
    }
    if (ASKS_DUTIES) {
      bringUp([...ROLE_NAMES.keys()].filter(function (name) { return namesRole(name, true); }));
    }
    if (ASKS_STATUS) bringUp(STATUS_PAGES);
    if (ASKS_WHOM) bringUp(ASKED);
    var results = [];
    perFile.forEach(function (score, file) {
      var excluded = [...excludedTerms].some(function (t) {
        return docsOf(index.terms, t).includes(file) || docsOf(index.titleterms, t).includes(file);
      });
      if (excluded) return;
      if (correctedFiles.has(file)) correctedDocs.add(index.docnames[file]);
      results.push([index.docnames[file], index.titles[file], "", null, score,
        index.filenames[file], SearchResultKind.text]);
    });
    if (!results.length) suggestions = suggest(index);
    return results;
  };

  // "Menade du …": for each query word the index does not know, its nearest word (up to
  // three edits), shown as a title word where one has it; a word with none is left out.
  function suggest(index) {
    var changed = false;
    var out = words.map(function (surface, n) {
      var w = stems[n];
      if (known(index, w) || exactFiles(index, w).size) return surface;
      var reach = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
      var near = nearWords(index, w, reach);
      oneEdit(index, surface).forEach(function (s) { near.push([s, 1]); });
      near.sort(function (a, b) { return a[1] - b[1]; });
      // A word with no near word is left out of the suggestion.
      changed = true;
      return near.length ? surfaceOf(index, near[0][0]) : null;
    });
    out = out.filter(function (w) { return w; });
    return changed && out.length ? [out.join(" ")] : [];
  }

  function surfaceOf(index, s) {
    var titles = Object.keys(index.alltitles).concat(index.titles);
    for (var i = 0; i < titles.length; i++) {
      var ws = titles[i].toLowerCase().split(WORD);
      for (var j = 0; j < ws.length; j++) if (ws[j].startsWith(s) && stem(ws[j]) === s) return ws[j];
    }
    return s;
  }

  // 5. Ranking. A page whose title holds the query's words comes first within its tier
  //    (a title word counts when it begins with the word or its stem: vänort-sutbyten).
  //    Tiers: the adopted policy text, then training and follow-up, then the casebook, then
  //    the editorial pages.
  // A title's words, with its page's folders, and its particle verbs as one word as the index
  // holds them ("Styrdokument att se över": "överse", which "översyn" is read as).
  function titleWordsOf(title, folders) {
    var ws = title.toLowerCase().split(WORD).filter(Boolean);
    var joined = [];
    ws.forEach(function (w, i) {
      if (i > 0 && PARTICLES.indexOf(w) >= 0) {
        joined.push(w + (FORMS.get(ws[i - 1]) || weakInfinitive(ws[i - 1])));
      }
    });
    return ws.concat(joined, folders || []);
  }
  // A title word that begins with the form, or holds it as a later part of a compound
  // (vänorts|utbyten for "utbyte", förvaltnings|chefer for "chefer").
  function titleWordHolds(t, f) {
    return t.startsWith(f) || fold(t).startsWith(fold(f)) || (f.length >= 4 && t.indexOf(f) > 0);
  }
  function matches(title, folders) {
    var titleWords = titleWordsOf(title, folders);
    var found = 0;
    var first = false;
    required.forEach(function (n) {
      var forms = alternatives[n];
      var hit = false;
      titleWords.forEach(function (t, i) {
        if (forms.some(function (f) { return titleWordHolds(t, f); })) {
          hit = true;
          first = first || i === 0;
        }
      });
      if (!hit && longSplit[n] && partsInTitle(splitParts[n], title, folders)) hit = true;
      if (hit) found += 1;
    });
    return { found: Math.min(found, required.length), first: first };
  }

  // Whether the query names a role or one of its bodies: a query word (as typed, its stem, or
  // the word a typo was read as) begins a name ("förtroendevalda"), is a name with an
  // inflection's ending ("nämndernas", read from "nämdernas", names "nämnd";
  // "kontaktpersonsnätverket" and "förvaltningschef" are other words), or is the last part
  // of a name after a first part of four letters or more ("styrelsen": kommun|styrelse). Not
  // a part after a prefix: "arbete" does not name "med|arbetare".
  var INFLECTION = new RegExp("^(e|en|ens|et|ets|er|ers|erna|ernas|ar|ars|arna|arnas|or|orna"
    + "|ornas|n|ns|na|nas|s|t|ts)?$");
  function namesRole(docname, besidesDuty) {
    var names = ROLE_NAMES.get(docname);
    return required.some(function (n) {
      if (besidesDuty && DUTY.test(words[n])) return false;
      return alternatives[n].some(function (form) {
        var f = fold(form);
        return f.length >= 3 && names.some(function (name) {
          return name.startsWith(f)
            || (name.length >= 4 && f.startsWith(name) && INFLECTION.test(f.slice(name.length)))
            || (f.length >= 4 && name.indexOf(f, 4) >= 4);
        });
      });
    });
  }

  // Whether a title (with its page's folders) holds every part of a compound.
  function partsInTitle(parts, title, folders) {
    var titleWords = titleWordsOf(title, folders);
    return parts.every(function (p) {
      return titleWords.some(function (t) { return titleWordHolds(t, p); });
    });
  }
  // Whether a title holds every part of each split compound of the query.
  function titleHoldsParts(title, folders) {
    var any = false;
    var all = splitParts.every(function (parts) {
      if (!parts) return true;
      any = true;
      return partsInTitle(parts, title, folders);
    });
    return any && all;
  }
  // Whether a title holds every required word: a split compound by all its parts.
  function titleCovers(title, folders) {
    if (matches(title, folders).found !== required.length) return false;
    return required.every(function (n) {
      return !splitParts[n] || partsInTitle(splitParts[n], title, folders);
    });
  }

  // The number of words of each page (its terms in the index), counted once.
  var pageLength = null;
  function countWords(index) {
    if (pageLength) return;
    pageLength = new Map();
    var max = 1;
    Object.keys(index.terms).forEach(function (t) {
      docsOf(index.terms, t).forEach(function (f) {
        var name = index.docnames[f];
        var n = (pageLength.get(name) || 0) + 1;
        pageLength.set(name, n);
        if (n > max) max = n;
      });
    });
    pageLength.max = max;
  }

  // The section headings of each page (the index's alltitles), collected once.
  var headings = null;
  function headingsOf(docname) {
    if (!headings) {
      headings = new Map();
      var index = Search._index;
      Object.keys(index.alltitles || {}).forEach(function (heading) {
        index.alltitles[heading].forEach(function (entry) {
          var name = index.docnames[entry[0]];
          if (!headings.has(name)) headings.set(name, []);
          headings.get(name).push(heading);
        });
      });
    }
    return headings.get(docname) || [];
  }

  function tier(docname) {
    for (var i = 0; i < CONFIG.tiers.length; i++) {
      if (docname.startsWith(CONFIG.tiers[i][0])) return CONFIG.tiers[i][1];
    }
    return CONFIG.editorial;
  }

  function relevance(result) {
    var title = result[1] || "";
    var score = result[4];
    if (result[6] === "object") return score + 5;
    if (!required.length) return score;
    var parts = title.split(" > ");
    var page = matches(parts[0], folderWords(result[0]));
    var section = parts.length > 1 ? matches(parts[parts.length - 1]) : { found: 0 };
    // Among pages whose titles match alike, a section's front page (.../index: the type of
    // case, the follow-up years) comes first: it leads on to the others.
    var front = /(^|\/)index$/.test(result[0]) ? 1 : 0;
    // Of pages that match alike, the shorter is more about the words: a small lead by the
    // number of words on the page (page length, as in BM25): under 1, less than any other
    // signal, so it only orders pages that would tie.
    var brief = pageLength ? 0.9 * (1 - (pageLength.get(result[0]) || 0) / pageLength.max) : 0;
    if (page.found === required.length) {
      return score + 40 + (page.first ? 10 : 0) + front + brief;
    }
    return score + 10 * page.found + 5 * section.found + front + brief;
  }

  Scorer.score = function (result) {
    var t = tier(result[0]);
    var score = relevance(result);
    // An editorial page whose title holds every word of the query is what was asked for
    // ("öppna data", "tillgänglighetsredogörelse"): it ranks with the casebook.
    // So does one with a section whose heading holds them all ("Excel och Word för
    // uppföljningen" for "wordfil uppföljning").
    var heads = [(result[1] || "").split(" > ")[0]].concat(headingsOf(result[0]));
    if (t === CONFIG.editorial && required.length && heads.some(function (h) {
      return matches(h).found === required.length;
    })) t = 2;
    // A reader who asks how to do something gets the editorial page whose title or heading
    // names a word of the question ("Rapportera en aktivitet" for "hur rapporterar jag …").
    if (HOWTO && t === CONFIG.editorial && heads.some(function (h) {
      return matches(h).found > 0;
    })) t = 1;
    // A page that compares ("Jämförelse mellan …", a title word that asks for a difference
    // or likeness) answers a question that compares, whatever its tier: it ranks with the
    // policies it compares.
    var compares = COMPARES && titleWordsOf((result[1] || "").split(" > ")[0])
      .some(function (w) { return CUE.test(w); });
    // A role's page ("Jag är förvaltningschef") repeats the duties of every body of that
    // role: it answers who does something ("vem utser kontaktpersonen") or what the role or
    // one of its bodies does ("fullmäktige"), and otherwise comes after the pages with text
    // of their own.
    if (t === 1 && ROLE_NAMES.has(result[0]) && !ASKS_WHO && !namesRole(result[0])) t = 2;
    // Policy text first; training, follow-up and casebook by relevance with a lead for the
    // nearer tier; editorial pages after everything else.
    var base = t === 0 ? 1000 : t === CONFIG.editorial ? -1000 : -20 * t;
    // Several words, all in a page's title (or its folders): that page covers the question
    // more than a policy that only has them in its text, and ranks with the policies, the
    // tier deciding only among pages that cover it alike ("uppföljning 2020").
    if (t !== 0 && t !== CONFIG.editorial && required.length >= 2
        && titleCovers((result[1] || "").split(" > ")[0], folderWords(result[0]))) {
      base = 1000 - t;
    }
    // Only the parts of a word that other pages hold whole (or a definite form's bare form):
    // after the pages that hold it. Unless its title holds every part ("Utbildning för
    // förvaltningschefer" for "chefsutbildning"): then it is about the compound, whatever
    // the text calls it.
    if (splitDocs && splitDocs.has(result[0])
        && !titleHoldsParts((result[1] || "").split(" > ")[0], folderWords(result[0]))) {
      base = Math.min(base, -100 - 20 * t);
    }
    if (compares) base = 1000 - t;
    // The casebook, for a question that asks for examples: after the policies.
    if (ASKS_EXAMPLES && !HOWTO && t === CASEBOOK && t !== CONFIG.editorial) {
      base = Math.max(base, 500);
    }
    // The page a kind of question asks for (the role a reader turns to, the role whose task
    // is asked, the pages that say which policies apply): with the policies.
    if (broughtUp && broughtUp.has(result[0])) base = 1000 - t;
    // All words but one: after every page with all words (all but two after those). A page
    // found only through a corrected word comes after those with every word as typed, of any
    // tier, and before those that lack a word; among those, a little lower.
    var partial = partialDocs && partialDocs.has(result[0]) ? partialDocs.get(result[0]) : 0;
    base -= 6000 * partial;
    if (correctedDocs && correctedDocs.has(result[0])) base -= partial ? 500 : 2500;
    else if (foldedDocs && foldedDocs.has(result[0])) base -= 5;
    return base + score;
  };

  // 6. One result per page (its best one), so the first five are five pages.
  var perform = Search._performSearch;
  Search._performSearch = function () {
    var results = perform.apply(Search, arguments);
    var seen = new Set();
    var kept = [];
    for (var i = results.length - 1; i >= 0; i--) {
      if (seen.has(results[i][0])) continue;
      seen.add(results[i][0]);
      // A method, goal or actor gets a snippet too (its own passage, by its anchor) instead
      // of Sphinx's "(Handbok metod, i …)".
      if (results[i][6] === "object" && results[i][2]) results[i][3] = null;
      kept.push(results[i]);
    }
    return withTypePages(kept).reverse();
  };

  // A case among the first results brings its type's page (the method it is an example of,
  // with the other cases of that type) right after it: "undersköterskorna finland" finds the
  // case and then job shadowing. The pages are the build's own (cases' :type:), so a new
  // type or a new municipality's cases need no edit here.
  var TYPE_FOLDERS = new Set(CONFIG.type_folders || []);
  var TYPE_PAGES = CONFIG.type_pages || {};
  function typePageOf(docname) {
    if (Object.prototype.hasOwnProperty.call(TYPE_PAGES, docname)) return TYPE_PAGES[docname];
    var folder = docname.split("/").slice(0, -1).join("/");
    var page = folder + "/index";
    return TYPE_FOLDERS.has(folder) && page !== docname ? page : null;
  }
  function withTypePages(best) {
    var index = Search._index;
    var out = best.slice();
    for (var i = 0; i < Math.min(out.length, FIRST); i++) {
      var page = typePageOf(out[i][0]);
      if (!page) continue;
      var at = out.findIndex(function (r) { return r[0] === page; });
      if (at >= 0 && at <= i + 1) continue;
      var f = index.docnames.indexOf(page);
      if (f < 0) continue;
      var entry = at >= 0 ? out.splice(at, 1)[0]
        : [page, index.titles[f], "", null, out[i][4], index.filenames[f],
          SearchResultKind.text];
      out.splice(i + 1, 0, entry);
    }
    return out;
  }

  // 7. The snippet from the passage that matched, and the link to its anchor: the method,
  //    goal, duty or section around it.
  var BLOCKS = "p, li, dd, dt, td, th, h2, h3, h4, blockquote";
  function passage(htmlText, keys) {
    var doc = parsePage(htmlText);
    var article = doc.querySelector("article.bd-article");
    if (!article) return null;
    article.querySelectorAll(".headerlink, .handbok-case-way, h1").forEach(function (e) {
      e.remove();
    });
    var blocks = article.querySelectorAll(BLOCKS);
    var best = null, bestCount = 0;
    for (var i = 0; i < blocks.length; i++) {
      var el = blocks[i];
      if (el.querySelector(BLOCKS)) continue;  // the innermost blocks only
      // Notices (the casebook's "illustrative" note) only when nothing else matches.
      // Lists of cases under a method, and tables of facts, weigh a little less than the
      // running text.
      var notice = el.closest(".admonition, nav");
      var aside = el.closest(".handbok-target-cases, table");
      var text = el.textContent.replace(SOFT_HYPHEN, "").toLowerCase();
      var links = el.querySelectorAll("a");
      if (links.length === 1 && links[0].textContent.trim() === el.textContent.trim()) continue;
      var count = keys.filter(function (k) { return text.indexOf(k) >= 0; }).length;
      if (!count) continue;
      if (notice) count -= 0.5;
      if (aside) count -= 0.2;
      // What the search leaves out of the page's entry (a module's quotes of the policy, a
      // list of other pages) only when the page's own text does not match: the snippet
      // shows why the page was found.
      if (el.closest(".no-search")) count -= 1.5;
      if (text.length > 80) count += 0.1;
      if (count > bestCount) { best = el; bestCount = count; }
    }
    if (!best) return null;
    var anchor = null;
    for (var node = best; node && node !== article && !anchor; node = node.parentElement) {
      if (node.id) anchor = node.id;
      else {
        var target = node.querySelector(":scope > span[id]:first-child");
        if (target) anchor = target.id;
      }
    }
    if (!anchor) {
      // The nearest section before it.
      var sec = best.closest("section[id]");
      if (sec) anchor = sec.id;
    }
    // A cell of a table of facts (rows of a name and a value: "Typ | Jobbskuggning") says
    // little alone: the table's rows as "Typ: Jobbskuggning. Förvaltning: …".
    var text = best.textContent;
    var table = best.closest("table");
    var rows = table ? Array.from(table.querySelectorAll("tr")) : [];
    var facts = rows.length > 0 && rows.every(function (tr) {
      return tr.children.length === 2 && tr.children[0].tagName === "TH";
    });
    if (facts && text.trim().length < 80) {
      text = rows.map(function (tr) {
        return Array.from(tr.children).map(function (cell) {
          return cell.textContent.replace(/\s+/g, " ").trim();
        }).filter(Boolean).join(": ");
      }).filter(Boolean).join(". ");
    }
    return { anchor: anchor, text: around(text, keys) };
  }

  // 240 characters of a passage from a little before the first of the keywords it holds:
  // the first that begins a word, as the marks do ("ning", a compound's part, is not the
  // "ning" of "förvaltningarnas"), else the first anywhere.
  function around(passageText, keys) {
    var text = passageText.replace(SOFT_HYPHEN, "").replace(/\s+/g, " ").trim();
    var lower = text.toLowerCase();
    function first(wordStart) {
      return Math.min.apply(null, keys.map(function (k) {
        for (var p = lower.indexOf(k); p >= 0; p = lower.indexOf(k, p + 1)) {
          if (!wordStart || p === 0 || !LETTER.test(lower.charAt(p - 1))) return p;
        }
        return Infinity;
      }).concat([Infinity]));
    }
    var at = first(true);
    if (!isFinite(at)) at = first(false);
    if (!isFinite(at)) at = 0;
    var start = Math.max(0, at - 80);
    // From the beginning of a word, not the middle of one ("…rnationellt").
    if (start) start = Math.min(at, text.indexOf(" ", start) + 1 || at);
    return (start ? "…" : "") + text.substr(start, 240).trim()
      + (start + 240 < text.length ? "…" : "");
  }

  // Sphinx marks a search word wherever it stands, also inside other words ("be|skriv|a" for
  // "skriver", "und|er" for the stem of "under"). Once it has marked a result (right after
  // the snippet is made), keep only the marks that begin a word and are at least four letters
  // of it, or a shorter word the reader typed ("EU").
  var LETTER = /[\p{L}\p{N}]/u;
  function wholeWordMarks(root) {
    root.querySelectorAll("span.highlighted").forEach(function (mark) {
      var before = mark.previousSibling;
      var after = mark.nextSibling;
      var prev = before && before.nodeType === Node.TEXT_NODE ? before.data.slice(-1) : "";
      var next = after && after.nodeType === Node.TEXT_NODE ? after.data.charAt(0) : "";
      var text = mark.textContent;
      var typed = tokens.indexOf(text.toLowerCase()) >= 0;
      if (!LETTER.test(prev) && (text.length >= 4 || (typed && !LETTER.test(next)))) return;
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(text), mark);
      parent.normalize();
    });
  }
  var summary = Search.makeSearchSummary;
  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    // The query's words and every reading of them, as the snippet looks for them.
    var all = new Set([...keywords, ...snippetWords]);
    var keys = [...all].map(function (k) { return String(k).toLowerCase(); })
      .filter(function (k) { return k.length >= 3; });
    var found = null;
    if (!anchor) {
      try { found = passage(htmlText, keys); } catch (e) {
        found = null;
      }
    } else {
      // A method, goal or actor: its own passage, from a little before the first word that
      // matched (Sphinx's summary starts at the last keyword of its list it finds, which can
      // leave every matched word out of the snippet).
      var own = Search.htmlToText(htmlText, anchor);
      if (own.trim()) found = { anchor: null, text: around(own, keys) };
    }
    if (!found) {
      var plain = summary(htmlText, all, anchor);
      queueMicrotask(function () { wholeWordMarks(plain.parentElement || plain); });
      return plain;
    }
    var p = document.createElement("p");
    queueMicrotask(function () { wholeWordMarks(p.parentElement || p); });
    p.classList.add("context");
    p.textContent = found.text;
    if (found.anchor) {
      // The list item gets the snippet right after this returns: move its link then.
      queueMicrotask(function () {
        var link = p.parentElement && p.parentElement.querySelector("a");
        if (link && link.href.indexOf("#") < 0) link.href += "#" + found.anchor;
      });
    }
    return p;
  };

  // 8. No result: say so in Swedish, and offer the nearest words. Results without a word
  //    found nowhere: name the word.
  var observer = new MutationObserver(function () { check(); });
  function quoted(list) {
    var q = list.map(function (w) { return "\u00bb" + w + "\u00ab"; });
    return q.length > 1 ? q.slice(0, -1).join(", ") + " eller " + q[q.length - 1] : q[0];
  }
  function check() {
    var status = document.querySelector("#search-results p.search-summary");
    var list = document.querySelector("#search-results ul.search");
    var title = document.querySelector("#search-results h2");
    if (!status || !list || !title || Search._pulse_status !== -1) return;
    if (list.children.length && missingWords.length
        && !document.querySelector("#search-results .handbok-utelamnat")) {
      var note = document.createElement("p");
      note.className = "handbok-utelamnat";
      note.textContent = "Inga sidor innehåller " + quoted(missingWords) + ". Visar träffar för "
        + "resten av orden.";
      status.after(note);
    }
    if (list.children.length || status.dataset.handbok) return;
    if (!status.textContent) return;
    status.dataset.handbok = "1";
    status.textContent = "Sökningen gav inga träffar. Försök med ett annat ord, "
      + "en kortare form av ordet eller färre ord.";
    if (suggestions.length) {
      var p = document.createElement("p");
      p.className = "handbok-menade-du";
      p.append("Menade du ");
      suggestions.forEach(function (s, i) {
        var a = document.createElement("a");
        a.href = "?q=" + encodeURIComponent(s);
        a.textContent = s;
        if (i) p.append(" eller ");
        p.append(a);
      });
      p.append("?");
      status.after(p);
    }
  }
  function watch() {
    var out = document.getElementById("search-results");
    if (!out) return;
    observer.observe(out, { childList: true, subtree: true, characterData: true });
    observer.takeRecords();
    // The search may have finished already (the index was loaded before this ran).
    check();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
