// drafter serve: the page's script. Plain JavaScript, no library and no build step. It only calls
// the JSON API and shows the results; every text is put in with textContent, never as HTML.
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// -- status line and requests -------------------------------------------------------------------

function say(text, kind = "") {
  const status = $("#status");
  status.textContent = text;
  status.className = "status " + kind;
}

async function request(url, options = {}) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (err) {
    throw new Error("连不上 drafter（是否已停止？请重新运行 drafter serve）");
  }
  if (!response.ok) {
    let message = `出错了（${response.status}）`;
    try { message = (await response.json()).error || message; } catch (err) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

const postJSON = (url, data) => request(url, {
  method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(data)});

function postFile(url, file, fields = {}) {
  const body = new FormData();
  body.append("file", file, file.name);
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return request(url, {method: "POST", body});
}

async function busy(message, work) {
  say(message, "busy");
  try {
    const done = await work();
    if ($("#status").classList.contains("busy")) say(done || "");
  } catch (err) {
    say(err.message, "error");
  }
}

function nameOf(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = header.match(/filename\*=UTF-8''([^;]+)/);
  return match ? decodeURIComponent(match[1]) : fallback;
}

function saveBlob(blob, name) {
  const link = el("a", {href: URL.createObjectURL(blob), download: name});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

function offerBlob(link, blob, name) {
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.textContent = "下载 " + name;
  link.hidden = false;
}

function tooBig(file) {
  const limit = Number(document.body.dataset.maxUpload) * 1024 * 1024;
  if (file.size > limit) {
    say(`${file.name}：文件过大，上限为 ${document.body.dataset.maxUpload} MB`, "error");
    return true;
  }
  return false;
}

function onDrop(target, handler) {
  target.addEventListener("dragover", (event) => { event.preventDefault(); target.classList.add("dragging"); });
  target.addEventListener("dragleave", () => target.classList.remove("dragging"));
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    target.classList.remove("dragging");
    const files = Array.from(event.dataTransfer.files);
    if (files.length) handler(files);
  });
}

function highlight(text, words) {
  const parts = words.filter((w) => w.trim()).sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!parts.length) return [text];
  return text.split(new RegExp(`(${parts.join("|")})`, "g"))
    .map((piece, i) => (i % 2 ? el("mark", {}, piece) : piece));
}

// -- tabs ---------------------------------------------------------------------------------------

function showTab(name) {
  for (const button of $$(".tabs button")) button.setAttribute("aria-selected", String(button.dataset.tab === name));
  for (const section of $$("main > .tab")) section.hidden = section.id !== "tab-" + name;
  if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
  if (!$("#status").classList.contains("busy")) say("");
  if (name === "corpus" || name === "draft") loadCorpus();
  if (name === "phrases" && !$("#phrase-results").children.length) searchPhrases();
}

// -- 检查 ---------------------------------------------------------------------------------------

const checkState = {file: null, text: "", result: null};

function checkInput() {
  if (checkState.file) return {file: checkState.file};
  const text = $("#check-text").value;
  if (!text.trim()) throw new Error("请先粘贴文字，或选择一个 .txt/.docx 文件");
  return {text};
}

function sendInput(url, input) {
  return input.file ? postFile(url, input.file) : postJSON(url, {text: input.text});
}

function runCheck() {
  return busy("正在检查……", async () => {
    const input = checkInput();
    const result = await (await sendInput("/api/inspect", input)).json();
    checkState.result = result;
    showChecked(result);
    const counts = [[result.errors, "处错误"], [result.warnings, "处警告"]].filter(([n]) => n).map(([n, what]) => n + " " + what);
    return counts.length ? "发现 " + counts.join("、") : "没有发现问题";
  });
}

function showChecked(result) {
  const worst = {};
  for (const f of result.findings) {
    if (worst[f.line] !== "error") worst[f.line] = f.severity;
  }
  const dropped = new Map(result.dropped.map((d) => [d.line, d.reason]));
  const heads = new Set();
  (function walk(nodes) { for (const n of nodes) { if (!n.inline) heads.add(n.line); walk(n.children); } })(result.outline.nodes);
  const lines = $("#check-lines");
  lines.replaceChildren(...result.lines.map((text, i) => {
    const n = i + 1;
    const kind = [worst[n] || "", heads.has(n) ? "heading" : "", dropped.has(n) ? "dropped" : ""].join(" ").trim();
    const attrs = {id: "L" + n, class: kind};
    if (dropped.has(n)) attrs.title = "检查时不计：" + dropped.get(n);
    return el("li", attrs, el("span", {class: "n"}, n), el("span", {class: "t"}, text || " "));
  }));
  lines.hidden = false;
  $("#check-text").hidden = true;
  $("#check-edit").hidden = Boolean(checkState.file);
  $("#check-fix").disabled = !result.fixable;
  $("#check-source").textContent = checkState.file ? checkState.file.name : "粘贴的文字";
  showOutline(result.outline);
  showFindings(result.findings);
}

function jumpTo(line) {
  const target = $("#L" + line);
  if (!target) return;
  target.scrollIntoView({block: "center", behavior: "smooth"});
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1200);
}

function outlineItems(nodes) {
  return el("ul", {}, nodes.map((n) => el("li", {},
    el("span", {class: n.inline ? "inline" : "", title: n.marker + n.heading, onclick: () => jumpTo(n.line)},
      el("b", {class: "marker"}, n.marker), n.heading, el("span", {class: "ln"}, "第 " + n.line + " 行")),
    n.children.length ? outlineItems(n.children) : null)));
}

function showOutline(outline) {
  const box = $("#check-outline");
  const parts = [["title", "标题"], ["salutation", "称呼"], ["transition", "过渡"]];
  const items = [];
  for (const [key, label] of parts) {
    if (outline[key]) {
      const line = outline.part_lines[key];
      items.push(el("li", {}, el("span", {class: "part", title: outline[key], onclick: () => jumpTo(line)}, label + "：" + outline[key])));
    }
  }
  const tree = el("ul", {}, items);
  let count = 0;
  (function walk(nodes) { for (const n of nodes) { count += 1; walk(n.children); } })(outline.nodes);
  if (outline.nodes.length) tree.append(...outlineItems(outline.nodes).children);
  for (const appendix of outline.appendices) {
    tree.append(el("li", {}, el("span", {class: "part", onclick: () => jumpTo(appendix.line)}, appendix.marker + " " + appendix.title),
      outlineItems(appendix.nodes)));
  }
  if (outline.closing) {
    const line = outline.part_lines.closing;
    tree.append(el("li", {}, el("span", {class: "part", title: outline.closing, onclick: () => jumpTo(line)}, "结尾：" + outline.closing)));
  }
  $("#outline-count").textContent = count ? `${count} 个编号` : "没有找到编号";
  box.replaceChildren(tree.children.length ? tree : el("p", {class: "empty"}, "没有找到标题或编号。"));
}

function findingItem(f, onclick) {
  return el("li", {class: f.severity, onclick, title: f.fix ? "可自动修复为 " + f.fix : "需要人工修改"},
    el("span", {class: "badge " + f.severity}, f.code), el("span", {class: "where"}, `第 ${f.line} 行`), f.message);
}

function showFindings(findings) {
  const list = $("#check-findings");
  $("#findings-count").textContent = findings.length ? `${findings.length} 处` : "";
  list.replaceChildren(...(findings.length ? findings.map((f) => findingItem(f, () => jumpTo(f.line)))
    : [el("li", {class: "ok"}, "没有发现问题。")]));
}

function fixCheck() {
  return busy("正在修复……", async () => {
    const input = checkInput();
    const response = await sendInput("/api/fix", input);
    const applied = Number(response.headers.get("X-Drafter-Applied") || 0);
    const name = nameOf(response, "修改稿.txt");
    const blob = await response.blob();
    if (!applied) return "没有可以自动修复的问题，文件未改动";
    offerBlob($("#check-download"), blob, name);
    let result;
    if (input.file) {
      checkState.file = new File([blob], name, {type: blob.type});
      result = await (await postFile("/api/inspect", checkState.file)).json();
    } else {
      $("#check-text").value = await blob.text();
      result = await (await postJSON("/api/inspect", {text: $("#check-text").value})).json();
    }
    showChecked(result);
    $("#check-source").textContent = (input.file ? name : "修复后的文字") + "（原文未改动，可下载修复后的文件）";
    return `已修复 ${applied} 处，还有 ${result.findings.length} 处需要人工处理`;
  });
}

function chooseCheckFile(file) {
  if (tooBig(file)) return;
  checkState.file = file;
  $("#check-download").hidden = true;
  runCheck();
}

function clearCheck() {
  checkState.file = null;
  checkState.result = null;
  $("#check-text").value = "";
  $("#check-text").hidden = false;
  $("#check-lines").hidden = true;
  $("#check-edit").hidden = true;
  $("#check-fix").disabled = true;
  $("#check-download").hidden = true;
  $("#check-source").textContent = "粘贴讲话稿或公文，或把 .txt/.docx 文件拖到下面";
  $("#check-outline").replaceChildren(el("p", {class: "empty"}, "检查后在这里显示提纲。"));
  $("#check-findings").replaceChildren();
  $("#outline-count").textContent = $("#findings-count").textContent = "";
  say("");
}

// -- 起草 ---------------------------------------------------------------------------------------

function kindChanged() {
  const option = $("#brief-kind").selectedOptions[0];
  $("#kind-summary").textContent = option.dataset.summary;
  document.body.classList.toggle("document", option.dataset.genre === "document");
  document.body.classList.toggle("speech", option.dataset.genre !== "document");
}

function addSection(list, heading = "", points = []) {
  const item = $("#section-template").content.firstElementChild.cloneNode(true);
  $(".heading", item).value = heading;
  $(".heading", item).placeholder = list.id === "sections" ? "标题，如：统一思想，提高认识" : "要点，如：压实企业主体责任";
  list.append(item);
  for (const point of points) {
    if (typeof point === "string") addSection($(".points", item), point);
    else addSection($(".points", item), point.heading || "", point.points || []);
  }
  numberSections();
  return item;
}

function numberSections(list = $("#sections"), prefix = "") {
  $$(":scope > li", list).forEach((item, i) => {
    const number = prefix + (i + 1);
    $(".num", item).textContent = number;
    $(".add-point", item).disabled = number.split(".").length >= 5;
    numberSections($(".points", item), number + ".");
  });
}

function sectionClicked(event) {
  const button = event.target.closest("button");
  if (!button) return;
  const item = button.closest("li.section");
  if (button.classList.contains("remove")) item.remove();
  else if (button.classList.contains("up") && item.previousElementSibling) item.previousElementSibling.before(item);
  else if (button.classList.contains("down") && item.nextElementSibling) item.nextElementSibling.after(item);
  else if (button.classList.contains("add-point")) $(".heading", addSection($(".points", item))).focus();
  numberSections();
}

function sectionData(list) {
  return $$(":scope > li", list).map((item) => {
    const heading = $(".heading", item).value.trim();
    const points = sectionData($(".points", item));
    return points.length ? {heading, points} : heading;
  }).filter((s) => (typeof s === "string" ? s : s.heading));
}

function splitList(value, pattern) {
  return value.split(pattern).map((s) => s.trim()).filter(Boolean);
}

function briefData() {
  const form = $("#brief-form");
  const value = (name) => form.elements[name].value.trim();
  const brief = {kind: value("kind")};
  for (const key of ["title", "meeting", "speaker", "org", "region", "date", "purpose", "audience"]) {
    if (value(key)) brief[key] = value(key);
  }
  const topic = splitList(value("topic"), /[,，、;；\s]+/);
  if (topic.length) brief.topic = topic;
  const attachments = splitList(value("attachments"), /[;；\n]+/);
  if (attachments.length) brief.attachments = attachments;
  // form.elements.length is the number of controls: these two inputs have names of their own
  if (value("wanted_length")) brief.length = Number(value("wanted_length"));
  if (value("wanted_minutes") && document.body.classList.contains("speech")) brief.minutes = Number(value("wanted_minutes"));
  const sections = sectionData($("#sections")).map((s) => (typeof s === "string" ? {heading: s, points: []} : s));
  if (sections.length) brief.sections = sections;
  return brief;
}

function fillBrief(brief) {
  const form = $("#brief-form");
  const kind = $$("option", $("#brief-kind")).find((o) => o.value === brief.kind);
  if (kind) form.elements.kind.value = brief.kind;
  for (const key of ["title", "meeting", "speaker", "org", "region", "date", "purpose", "audience"]) {
    form.elements[key].value = brief[key] ?? "";
  }
  form.elements.wanted_length.value = brief.length ?? "";
  form.elements.wanted_minutes.value = brief.minutes ?? "";
  const list = (v) => (Array.isArray(v) ? v : v ? [v] : []);
  form.elements.topic.value = list(brief.topic).join("、");
  form.elements.attachments.value = list(brief.attachments).join("；");
  $("#sections").replaceChildren();
  for (const s of list(brief.sections)) {
    if (typeof s === "string") addSection($("#sections"), s);
    else addSection($("#sections"), s.heading || "", s.points || []);
  }
  kindChanged();
}

let draftName = "初稿";
let draftSources = [];

function generate(seed) {
  return busy("正在起草……", async () => {
    const params = new URLSearchParams();
    if (seed !== "" && seed !== undefined) params.set("seed", seed);
    if ($("#brief-like").value) params.set("like", $("#brief-like").value);
    if ($("#brief-ground").checked) params.set("ground", "1");
    const brief = briefData();
    const result = await (await postJSON("/api/draft?" + params, brief)).json();
    $("#draft-text").value = result.text;
    $("#brief-seed").value = result.seed;
    draftName = brief.title || result.text.split("\n")[0].slice(0, 40) || "初稿";
    $("#draft-stats").textContent = result.summary.split("\n")[0] + `（种子 ${result.seed}）`;
    $("#draft-stats").title = result.summary;
    draftSources = result.sources;
    showDraftFindings(result.findings);
    showSources(result.sources, result.borrowed);
    for (const id of ["#draft-again", "#draft-check", "#draft-docx", "#draft-txt"]) $(id).disabled = false;
    return `已生成：${result.characters} 字`;
  });
}

function showDraftStats(characters, minutes) {
  $("#draft-stats").textContent = `共 ${characters} 字，按每分钟 200 字约需 ${minutes} 分钟`;
}

function showSources(sources, borrowed) {
  const list = $("#draft-sources");
  list.hidden = !sources.length;
  list.replaceChildren(...(sources.length ? [el("li", {class: "ok"}, `借用语料 ${sources.length} 处，约占全文 ${Math.round(borrowed * 100)}%：`)] : []),
    ...sources.map((s) => el("li", {onclick: () => lineOfDraft(s.draft_line), title: s.where},
      el("span", {class: "where"}, `第 ${s.draft_line} 行`), `《${s.title}》第 ${s.line} 行：${s.text}`)));
}

function lineOfDraft(line) {
  const area = $("#draft-text");
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 26;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

function showDraftFindings(findings) {
  const list = $("#draft-findings");
  list.replaceChildren(...(findings.length ? findings.map((f) => findingItem(f, () => lineOfDraft(f.line)))
    : [el("li", {class: "ok"}, "drafter check：没有发现问题。")]));
}

function recheckDraft() {
  return busy("正在检查……", async () => {
    const text = $("#draft-text").value;
    const result = await (await postJSON("/api/check", {text})).json();
    const characters = text.replace(/\s/g, "").length;
    showDraftStats(characters, Math.round(characters / 20) / 10);
    showDraftFindings(result.findings);
    return result.findings.length ? `发现 ${result.findings.length} 处问题` : "没有发现问题";
  });
}

function downloadDraftDocx() {
  return busy("正在排版……", async () => {
    const brief = briefData();
    const response = await postJSON("/api/export", {text: $("#draft-text").value, name: draftName, author: brief.org || "",
      speaker: brief.speaker || "", date: brief.date || "", sources: draftSources});
    const name = nameOf(response, "初稿.docx");
    saveBlob(await response.blob(), name);
    return "已下载 " + name;
  });
}

function saveBrief() {
  return busy("正在保存……", async () => {
    const response = await postJSON("/api/brief/yaml", briefData());
    const name = nameOf(response, "brief.yaml");
    saveBlob(await response.blob(), name);
    return "已保存 " + name + "（也可用于命令行：drafter draft " + name + "）";
  });
}

function loadBrief(file) {
  return busy("正在载入……", async () => {
    const result = await (await postFile("/api/brief/load", file)).json();
    fillBrief(result.brief);
    return "已载入 " + file.name;
  });
}

// -- 语料 ---------------------------------------------------------------------------------------

async function loadCorpus() {
  let info;
  try {
    info = await (await request("/api/corpus")).json();
  } catch (err) {
    say(err.message, "error");
    return;
  }
  const stats = $("#corpus-stats");
  if (!info.exists) {
    stats.textContent = `${info.path}（还没有建立：加入文件即可新建）`;
  } else {
    const s = info.stats;
    stats.textContent = `${info.path}：${s.documents} 份文件，${s.characters.toLocaleString()} 字，${s.paragraphs} 个段落，${s.headings} 个标题`;
  }
  const like = $("#brief-like");
  const chosen = like.value;
  like.replaceChildren(el("option", {value: ""}, info.documents.length ? "不参照" : "不参照（语料库中还没有文件）"),
    ...info.documents.map((d) => el("option", {value: d.id}, `${d.title}${d.date ? "（" + d.date + "）" : ""}`)));
  like.value = chosen;
  $("#brief-ground").disabled = !info.documents.length;
  if (!info.documents.length) $("#brief-ground").checked = false;
  $("#corpus-documents").replaceChildren(...info.documents.map((d) => el("li", {title: d.file},
    d.title, el("span", {class: "meta"}, [d.kind, d.date, d.chars.toLocaleString() + " 字"].filter(Boolean).join(" · ")))));
}

function showPanel(name) {
  for (const button of $$(".seg button")) button.setAttribute("aria-selected", String(button.dataset.panel === name));
  for (const panel of $$("#tab-corpus .panel")) panel.hidden = panel.id !== "panel-" + name;
}

async function addToCorpus(files) {
  const progress = $("#corpus-progress");
  const text = $("#corpus-progress-text");
  const failures = $("#corpus-failures");
  failures.replaceChildren();
  progress.hidden = false;
  progress.max = files.length;
  progress.value = 0;
  const total = {added: 0, unchanged: 0, replaced: 0, failed: 0};
  say("正在加入语料库……", "busy");
  for (const [i, file] of files.entries()) {
    text.textContent = `正在处理 ${i + 1}/${files.length}：${file.name}`;
    try {
      if (tooBig(file)) throw new Error("文件过大");
      const result = await (await postFile("/api/corpus/add", file)).json();
      total.added += result.added;
      total.unchanged += result.unchanged;
      total.replaced += result.replaced;
      for (const f of result.failures) { total.failed += 1; failures.append(el("li", {}, `${f.file}：${f.error}`)); }
    } catch (err) {
      total.failed += 1;
      failures.append(el("li", {}, `${file.name}：${err.message}`));
    }
    progress.value = i + 1;
  }
  text.textContent = `完成：新加入 ${total.added} 份，更新 ${total.replaced} 份，未变 ${total.unchanged} 份` +
    (total.failed ? `，${total.failed} 份无法读取` : "");
  say(text.textContent);
  loadCorpus();
}

function searchCorpus(event) {
  event.preventDefault();
  return busy("正在查找……", async () => {
    const params = new URLSearchParams({q: $("#search-q").value, limit: 30});
    if ($("#search-headings").checked) params.set("heading_only", "1");
    if ($("#search-kind").value) params.set("kind", $("#search-kind").value);
    const result = await (await request("/api/search?" + params)).json();
    const list = $("#search-results");
    list.replaceChildren(...result.results.map((hit) => el("li", {},
      el("div", {class: "title"}, hit.title, el("span", {class: "path"}, `　第 ${hit.line} 行`)),
      el("div", {class: "path"}, hit.path),
      el("div", {}, highlight(hit.text, result.words)))));
    if (!result.results.length) list.append(el("li", {class: "empty"}, "没有找到。换几个词试试，或先把以往的稿子加入语料库。"));
    return `找到 ${result.results.length} 条`;
  });
}

function runSimilar() {
  return busy("正在查重……", async () => {
    const file = $("#similar-file").files[0];
    const threshold = $("#similar-threshold").value || "0.8";
    const text = $("#similar-text").value;
    let response;
    if (file && !text.trim()) response = await postFile("/api/similar", file, {threshold});
    else if (text.trim()) response = await postJSON("/api/similar", {text, threshold});
    else throw new Error("请先粘贴稿子，或选择一个文件");
    const result = await response.json();
    const limit = Number(threshold);
    $("#similar-share").textContent = `相似度达到 ${limit} 的句子占全文字数的 ${(result.share * 100).toFixed(1)}%`;
    const list = $("#similar-results");
    const found = result.sentences.filter((s) => s.matches.length);
    list.replaceChildren(...found.map((s) => {
      const best = s.matches[0];
      return el("li", {class: best.similarity >= limit ? "copied" : ""},
        el("div", {class: "text"}, s.text),
        el("div", {class: "source"}, `${(best.similarity * 100).toFixed(0)}% 相似：《${best.title}》第 ${best.line} 行：`, best.text));
    }));
    if (!found.length) list.append(el("li", {class: "empty"}, "没有在语料库中找到相近的句子。"));
    return `查重完成：${(result.share * 100).toFixed(1)}%`;
  });
}

// -- 套话 ---------------------------------------------------------------------------------------

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    const area = el("textarea", {}, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

function searchPhrases(event) {
  if (event) event.preventDefault();
  return busy("正在查找……", async () => {
    const params = new URLSearchParams({q: $("#phrase-q").value, limit: 200});
    if ($("#phrase-category").value) params.set("category", $("#phrase-category").value);
    const result = await (await request("/api/phrases?" + params)).json();
    const words = result.query.split(/[\s,，、]+/);
    $("#phrase-results").replaceChildren(...result.results.map((p) => el("li", {
      title: "点击复制", onclick: async (e) => {
        const item = e.currentTarget;
        await copyText(p.text);
        item.classList.add("copied");
        setTimeout(() => item.classList.remove("copied"), 1200);
        say("已复制：" + p.text);
      }},
    el("div", {}, highlight(p.text, words)),
    el("div", {class: "meta"}, el("span", {class: "cat"}, p.category), p.tags.join("、"), p.count > 1 ? `　语料中出现 ${p.count} 次` : ""))));
    if (!result.results.length) $("#phrase-results").append(el("li", {class: "empty"}, "没有找到符合条件的套话。"));
    return `找到 ${result.results.length} 条套话`;
  });
}

// -- wiring -------------------------------------------------------------------------------------

function start() {
  for (const button of $$(".tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));
  const first = location.hash.slice(1);
  showTab($$(".tabs button").some((b) => b.dataset.tab === first) ? first : "check");

  $("#check-run").addEventListener("click", runCheck);
  $("#check-fix").addEventListener("click", fixCheck);
  $("#check-clear").addEventListener("click", clearCheck);
  $("#check-edit").addEventListener("click", () => {
    $("#check-lines").hidden = true;
    $("#check-text").hidden = false;
    $("#check-edit").hidden = true;
    $("#check-text").focus();
  });
  $("#check-file").addEventListener("change", (e) => e.target.files[0] && chooseCheckFile(e.target.files[0]));
  onDrop($("#tab-check .pane.doc"), (files) => chooseCheckFile(files[0]));

  kindChanged();
  $("#brief-kind").addEventListener("change", kindChanged);
  $("#sections").addEventListener("click", sectionClicked);
  $("#section-add").addEventListener("click", () => $(".heading", addSection($("#sections"))).focus());
  $("#brief-form").addEventListener("submit", (e) => { e.preventDefault(); generate($("#brief-seed").value.trim()); });
  $("#draft-again").addEventListener("click", () => generate(String(1 + Math.floor(Math.random() * 999999))));
  $("#draft-check").addEventListener("click", recheckDraft);
  $("#draft-docx").addEventListener("click", downloadDraftDocx);
  $("#draft-txt").addEventListener("click", () => {
    saveBlob(new Blob([$("#draft-text").value], {type: "text/plain;charset=utf-8"}), draftName + ".txt");
  });
  $("#brief-save").addEventListener("click", saveBrief);
  $("#brief-file").addEventListener("change", (e) => { if (e.target.files[0]) loadBrief(e.target.files[0]); e.target.value = ""; });

  let formatFile = null;
  const chooseFormat = (file) => {
    if (tooBig(file)) return;
    formatFile = file;
    $("#format-name").textContent = file.name;
    $("#format-run").disabled = false;
    $("#format-download").hidden = true;
  };
  $("#format-file").addEventListener("change", (e) => e.target.files[0] && chooseFormat(e.target.files[0]));
  onDrop($("#format-drop"), (files) => chooseFormat(files[0]));
  $("#format-run").addEventListener("click", () => busy("正在排版……", async () => {
    const fields = {fonts: $("#format-fonts").value, grid: $("#format-grid").value, author: $("#format-author").value};
    if ($("#format-fix").checked) fields.fix = "1";
    const response = await postFile("/api/format", formatFile, fields);
    const name = nameOf(response, "排版.docx");
    const notes = decodeURIComponent(response.headers.get("X-Drafter-Notes") || "");
    offerBlob($("#format-download"), await response.blob(), name);
    $("#format-notes").textContent = notes ? "注意：" + notes : "";
    return "已排版：" + name;
  }));

  $("#corpus-files").addEventListener("change", (e) => { addToCorpus(Array.from(e.target.files)); e.target.value = ""; });
  onDrop($("#tab-corpus .card[data-drop]"), addToCorpus);
  $("#search-form").addEventListener("submit", searchCorpus);
  $("#similar-run").addEventListener("click", runSimilar);
  for (const button of $$(".seg button")) button.addEventListener("click", () => showPanel(button.dataset.panel));
  $("#similar-file").addEventListener("change", (e) => {
    $("#similar-name").textContent = e.target.files[0] ? e.target.files[0].name + "（粘贴框为空时使用）" : "";
  });
  $("#phrase-form").addEventListener("submit", searchPhrases);
}

document.addEventListener("DOMContentLoaded", start);
