// The SPARQL editor of the aiwork-kg query page (src/aiwork_kg/web/): CodeMirror 6 with the
// SPARQL mode of @codemirror/legacy-modes, bundled by esbuild into one file that the package
// ships (no CDN). Progressive enhancement: the page works with the plain <textarea>; this script
// puts an editor in its place and keeps the textarea's value in step, so the form posts as before.
import {EditorState} from "@codemirror/state";
import {EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
        drawSelection, highlightSpecialChars} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap} from "@codemirror/commands";
import {StreamLanguage, HighlightStyle, syntaxHighlighting, bracketMatching, indentOnInput} from "@codemirror/language";
import {sparql} from "@codemirror/legacy-modes/mode/sparql";
import {searchKeymap, highlightSelectionMatches} from "@codemirror/search";
import {autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, completeFromList} from "@codemirror/autocomplete";
import {tags} from "@lezer/highlight";

// colours with a contrast of at least 4.5:1 on white (WCAG AA), checked by axe in the tests
const style = HighlightStyle.define([
  {tag: tags.keyword, color: "#6b1d8f", fontWeight: "bold"},
  {tag: [tags.string, tags.special(tags.string)], color: "#8a1c1c"},
  {tag: tags.comment, color: "#5c5c5c", fontStyle: "italic"},
  {tag: [tags.variableName, tags.definition(tags.variableName)], color: "#0b5394"},
  {tag: [tags.atom, tags.bool, tags.number], color: "#116329"},
  {tag: [tags.meta, tags.processingInstruction], color: "#6a4a00"},
  {tag: tags.operator, color: "#333333"},
  {tag: tags.bracket, color: "#333333"},
]);

const theme = EditorView.theme({
  "&": {border: "1px solid #595959", borderRadius: "3px", backgroundColor: "#ffffff", color: "#1a1a1a",
        fontSize: "0.95rem"},
  "&.cm-focused": {outline: "3px solid #1a5fb4", outlineOffset: "2px"},
  ".cm-content": {fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", minHeight: "12em"},
  // no maximum height: the editor grows with the query (a scrolling region inside would need a tab stop of its own)
  ".cm-scroller": {overflow: "auto"},
  ".cm-gutters": {backgroundColor: "#f2f2f2", color: "#4d4d4d", borderRight: "1px solid #cccccc"},
  ".cm-activeLine": {backgroundColor: "#eef4fb"},
  ".cm-activeLineGutter": {backgroundColor: "#dde8f5", color: "#1a1a1a"},
});

const KEYWORDS = ("SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE DISTINCT REDUCED FROM NAMED OPTIONAL " +
  "FILTER UNION MINUS GRAPH BIND VALUES GROUP BY HAVING ORDER ASC DESC LIMIT OFFSET AS EXISTS NOT IN " +
  "COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR LANG LANGMATCHES STR STRSTARTS STRENDS CONTAINS " +
  "REGEX LCASE UCASE IRI BOUND COALESCE IF DATATYPE isIRI isLiteral isBlank").split(" ");

function completions(prefixes) {
  const options = KEYWORDS.map(k => ({label: k, type: "keyword"}));
  for (const [name, iri] of Object.entries(prefixes || {})) {
    options.push({label: `PREFIX ${name}: <${iri}>`, type: "namespace", detail: "prefix"});
  }
  return completeFromList(options);
}

function upgrade(textarea) {
  const form = textarea.form;
  let prefixes = {};
  try { prefixes = JSON.parse(textarea.dataset.prefixes || "{}"); } catch (e) { prefixes = {}; }
  const label = textarea.labels && textarea.labels[0];
  const attrs = {"aria-multiline": "true"};
  if (label) {
    if (!label.id) label.id = textarea.id + "-label";
    attrs["aria-labelledby"] = label.id;
  } else if (textarea.getAttribute("aria-label")) {
    attrs["aria-label"] = textarea.getAttribute("aria-label");
  }
  if (textarea.getAttribute("aria-describedby")) attrs["aria-describedby"] = textarea.getAttribute("aria-describedby");
  const submit = () => { if (form) { form.requestSubmit ? form.requestSubmit() : form.submit(); } return true; };
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(), highlightSelectionMatches(),
        autocompletion({override: [completions(prefixes)]}),
        StreamLanguage.define(sparql), syntaxHighlighting(style), theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of(attrs),
        // Ctrl/Cmd-Enter runs the query; Tab is left to the browser so that the keyboard can leave the editor
        keymap.of([{key: "Mod-Enter", run: submit}, ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap,
                   ...historyKeymap, ...completionKeymap]),
        EditorView.updateListener.of(update => { if (update.docChanged) textarea.value = update.state.doc.toString(); }),
      ],
    }),
  });
  textarea.parentNode.insertBefore(view.dom, textarea.nextSibling);
  textarea.hidden = true;
  textarea.setAttribute("aria-hidden", "true");
  if (label) label.addEventListener("click", () => view.focus());
  if (form) form.addEventListener("submit", () => { textarea.value = view.state.doc.toString(); });
  textarea.aiworkEditor = view;
  return view;
}

function init() {
  document.querySelectorAll("textarea[data-sparql-editor]").forEach(upgrade);
}

window.aiworkQueryEditor = {upgrade, init};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
