/** The report's stylesheet: system fonts, no external resources, printable. */
export const REPORT_CSS = `
:root { --ink:#1d2733; --muted:#5b6877; --line:#dfe4ea; --soft:#f5f7fa; --accent:#0b5cad; --warn-bg:#fff4e0; --warn-line:#e39b1a; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif; color:var(--ink); background:#eef1f5; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; background:#fff; min-height:100vh; box-shadow: 0 0 24px rgba(20,40,60,.06); }
header h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
header p.meta { margin: 0; color: var(--muted); font-size: 14px; }
.banner { margin: 18px 0 8px; padding: 12px 16px; background: var(--warn-bg); border-left: 5px solid var(--warn-line); border-radius: 4px; font-weight: 600; }
.banner span { font-weight: 400; display:block; margin-top:2px; }
nav { margin: 14px 0 8px; display:flex; flex-wrap:wrap; gap: 6px 16px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
section { margin-top: 34px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
p.note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card b { display:block; font-size: 22px; }
.card small { color: var(--muted); }
table + table, .two + table, table + .two { margin-top: 26px; }
p.note + table, p.note + .two { margin-top: 14px; }
td.text, th.text { text-align: left; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
caption { text-align:left; font-weight:600; padding: 0 0 6px; }
th, td { padding: 5px 8px; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1px solid var(--ink); font-weight: 600; }
thead tr:first-child th { border-top: 2px solid var(--ink); }
thead tr.group th { border-bottom: 1px solid var(--line); text-align:center; color: var(--muted); font-weight:600; }
tbody tr:last-child td { border-bottom: 2px solid var(--ink); }
tbody tr.reader td { color: #3d4a58; background: #fafbfc; }
tbody tr.first-reader td { border-top: 1px solid var(--line); }
td.name { white-space: normal; max-width: 230px; }
td .ci { display:block; color: var(--muted); font-size: 11.5px; }
td.sep, th.sep { border-left: 1px solid var(--line); }
.figures { display:grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; align-items:start; }
.figures figure { margin:0; }
svg { max-width: 100%; height: auto; display:block; }
.matrices { display:grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); gap: 10px; }
.gallery { display:grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; margin-top: 8px; }
.case { border:1px solid var(--line); border-radius:6px; padding:8px; background: var(--soft); }
.case .pair { display:grid; grid-template-columns: 1fr 1fr; gap: 4px; }
.case img { width: 100%; image-rendering: auto; border-radius: 3px; display:block; }
.case p { margin: 6px 0 0; font-size: 12.5px; }
.tag { display:inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight:600; }
.tag.ok { background:#dff3e4; color:#17612d; } .tag.bad { background:#fbe2e2; color:#8c1d1d; }
.kv td:first-child { color: var(--muted); width: 34%; }
.kv td { text-align:left; white-space: normal; border-bottom: 1px solid var(--line); }
details pre { background: var(--soft); padding: 10px; overflow-x:auto; font-size: 12px; border-radius: 4px; }
.two { display:grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
.montage { margin: 14px 0 0; } .montage img { max-width: 100%; border-radius: 4px; display:block; } figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top:1px solid var(--line); padding-top: 10px; }
@media (max-width: 820px) { .two { grid-template-columns: 1fr; } main { padding: 16px; } }
`;
