/*
 * 검색 결과의 요약(Jupyter Book이 모든 쪽에 싣습니다. 검색 쪽에서만 동작).
 * Sphinx는 요약을 [role=main]에서 따오는데, 이 테마에서는 그 안에 쪽 머리 막대(내려받기 단추의
 * ".pdf", "내용" ...)가 함께 들어 있습니다. 본문(article)에서만 따오고, 찾은 낱말(줄기)을 강조합니다.
 */
// searchtools.js는 이 파일보다 뒤에 불러오므로, 문서를 다 읽은 뒤(Search.init보다 먼저) 바꿉니다.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof Search === "undefined") return;

  var REMOVE = ".headerlink, script, style, .toggle-details, .cell_input .copybtn";

  Search.htmlToText = function (htmlString, anchor) {
    var page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(REMOVE).forEach(function (element) { element.remove(); });
    // 수식은 아직 MathJax가 그리기 전의 TeX입니다: 구분 기호 \( \)만 떼어 읽기 쉽게.
    page.querySelectorAll(".math").forEach(function (math) {
      math.textContent = math.textContent.replace(/^\s*\\[\(\[]|\\[\)\]]\s*$/g, "");
    });
    var article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return "";
    if (anchor) {
      var part = null;
      try { part = article.querySelector(anchor); } catch (error) { part = null; }
      if (part) return part.textContent;
    }
    return article.textContent;
  };

  // 제목과 색인 항목: Sphinx는 검색어가 제목의 "일부"이기만 해도(길이가 절반을 넘으면) 찾습니다.
  // 그러면 "합성"이 "합성곱" 절을 찾습니다. 본문처럼 낱말 단위로: 제목의 낱말(줄기)에 검색어가 모두 있을 때만.
  var performSearch = Search._performSearch;
  Search._performSearch = function (query, searchTerms) {
    var index = Search._index;
    var stemmer = new Stemmer();
    var terms = Array.from(searchTerms);
    var keep = function (text) {
      var stems = new Set(splitQuery(text.toLowerCase()).map(function (w) { return stemmer.stemWord(w); }));
      return terms.every(function (term) { return stems.has(term); });
    };
    var only = function (table) {
      var kept = {};
      Object.keys(table || {}).forEach(function (key) { if (keep(key)) kept[key] = table[key]; });
      return kept;
    };
    var titles = index.alltitles, entries = index.indexentries;
    index.alltitles = only(titles);
    index.indexentries = only(entries);
    try {
      return performSearch.apply(this, arguments);
    } finally {
      index.alltitles = titles;
      index.indexentries = entries;
    }
  };

  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    var text = Search.htmlToText(htmlText, anchor).replace(/\s+/g, " ").trim();
    if (text === "") return null;
    var lower = text.toLowerCase();
    var words = Array.from(keywords).map(function (k) { return k.toLowerCase(); })
      .filter(function (k) { return k.length > 0; });
    var first = words.map(function (k) { return lower.indexOf(k); })
      .filter(function (i) { return i > -1; });
    var at = first.length ? Math.min.apply(null, first) : 0;
    var start = Math.max(at - 80, 0);
    var piece = text.substr(start, 240);
    var summary = document.createElement("p");
    summary.classList.add("context");
    if (start > 0) summary.appendChild(document.createTextNode("…"));
    // 찾은 낱말마다 <span class="highlighted">(긴 낱말부터).
    words.sort(function (a, b) { return b.length - a.length; });
    var pieceLower = piece.toLowerCase();
    var position = 0;
    while (position < piece.length) {
      var next = -1, word = "";
      words.forEach(function (k) {
        var i = pieceLower.indexOf(k, position);
        if (i > -1 && (next === -1 || i < next)) { next = i; word = k; }
      });
      if (next === -1) break;
      summary.appendChild(document.createTextNode(piece.slice(position, next)));
      var mark = summary.appendChild(document.createElement("span"));
      mark.className = "highlighted";
      mark.textContent = piece.substr(next, word.length);
      position = next + word.length;
    }
    summary.appendChild(document.createTextNode(piece.slice(position)));
    if (start + 240 < text.length) summary.appendChild(document.createTextNode("…"));
    return summary;
  };
});
