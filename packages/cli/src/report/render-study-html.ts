import { dataUri, escapeHtml as esc, formatDuration, formatFigure, formatInterval, formatP } from './html-format';
import { REPORT_CSS } from './html-styles';
import type { Evaluation, ModelResult, SetFigures, StudyReport } from './study-report-schema';

/** Reads an asset of the report by its relative path (SVG text or PNG bytes). */
export type AssetLookup = (path: string) => string | Uint8Array | undefined;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, PNGs as `data:` URIs, no script and no
 * external request, so it opens offline and can be mailed as a single file.
 */
export function renderStudyHtml(report: StudyReport, asset: AssetLookup): string {
  const svg = (name: string): string => {
    const path = report.figures[name];
    const content = path === undefined ? undefined : asset(path);
    return typeof content === 'string' ? content : '';
  };
  const png = (path: string): string => {
    const content = asset(path);
    return content instanceof Uint8Array ? dataUri('image/png', content) : '';
  };
  const { config } = report;
  const developmentSites = config.cohort.sites.filter((site) => site.role === 'development').map((site) => site.id);
  const externalSites = config.cohort.sites.filter((site) => site.role === 'external').map((site) => site.id);
  const body = [
    `<header><h1>${esc(report.title)}</h1><p class="meta">Profile <b>${esc(config.profile)}</b> · generated ${esc(report.generatedAt)} · backend ${esc(report.environment.backend)} · total run time ${esc(formatDuration(report.timings.totalSeconds))}</p></header>`,
    `<div class="banner" role="note">Synthetic data: not a clinical result.<span>${esc(report.disclaimer)}</span></div>`,
    `<nav>${NAVIGATION.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>`,
    section('overview', 'Study design', [
      `<div class="cards">${[
        [String(config.cohort.patients), 'patients (phantom)'],
        [`${config.cohort.sites.length}`, `sites: ${developmentSites.join(', ')} development; ${externalSites.join(', ')} external`],
        [`${config.split.trainPatients} / ${config.split.internalPatients} / ${config.split.externalPatients}`, 'train / internal / external patients'],
        [`${config.model.inputSize} px`, `input, ${config.cohort.slicesPerPatient} slice${config.cohort.slicesPerPatient === 1 ? '' : 's'} per patient`],
        [String(report.models.length), 'models'],
      ]
        .map(([value, label]) => `<div class="card"><b>${esc(value!)}</b><small>${esc(label!)}</small></div>`)
        .join('')}</div>`,
      report.figures['cohort-montage'] === undefined
        ? ''
        : `<figure class="montage"><img alt="Example middle slices per class and site" src="${png(report.figures['cohort-montage'])}"><figcaption>Example middle slices of the phantom cohort: one row per class (orange bar STB, cyan bar SM), one column per site, lesion outlined in red.</figcaption></figure>`,
      `<p class="note">Models are trained on the development sites (${esc(developmentSites.join(', '))}); internal validation holds out ${Math.round(config.split.internalFraction * 100)}% of their patients; the external test uses the other sites only. A patient is never on two sides.</p>`,
    ]),
    section('performance', 'Diagnostic performance', [
      performanceTable(report, 'image', 'Slice (image) level, as in the paper'),
      performanceTable(report, 'patient', `Patient level (${config.patientAggregation} of slice probabilities)`),
      `<p class="note">ACC accuracy, F1 with the positive class ${esc(positiveName(report))}, AUC with its 95% DeLong interval, sensitivity and specificity with 95% Wilson intervals, threshold ${config.threshold}. Readers read whole patients on the external set only.</p>`,
    ]),
    section('roc', 'ROC curves', [`<div class="figures">${['roc-internal-image', 'roc-external-image', 'roc-external-patient'].map((name) => `<figure>${svg(name)}</figure>`).join('')}</div>`]),
    section('comparisons', 'Model comparisons', [comparisonTable(report)]),
    section('readers', 'Readers', readersBlock(report)),
    section('confusion', 'Confusion matrices', [
      `<div class="matrices">${report.models.flatMap((model) => ['internal', 'external'].map((set) => `<figure>${svg(`confusion-${model.backbone}-${set}`)}</figure>`)).join('')}</div>`,
    ]),
    section('gradcam', 'Grad-CAM', gradcamBlock(report, png)),
    section('configuration', 'Configuration and environment', configurationBlock(report)),
    `<footer>Written by @spinedx/cli ${esc(report.environment.packages['@spinedx/cli'] ?? '')}. Every figure can be recomputed from report.json; the cohort is regenerated from its seed.</footer>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(report.title)}</title><link rel="icon" href="data:,"><style>${REPORT_CSS}</style></head>`,
    `<body><main>${body.join('\n')}</main></body></html>`,
    '',
  ].join('\n');
}

const NAVIGATION: readonly [string, string][] = [
  ['overview', 'Study design'],
  ['performance', 'Performance'],
  ['roc', 'ROC curves'],
  ['comparisons', 'Model comparisons'],
  ['readers', 'Readers'],
  ['confusion', 'Confusion matrices'],
  ['gradcam', 'Grad-CAM'],
  ['configuration', 'Configuration'],
];

function section(id: string, title: string, parts: string[]): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${parts.join('\n')}</section>`;
}

function positiveName(report: StudyReport): string {
  const classes = report.config.model.classes;
  return Array.isArray(classes) && typeof classes[1] === 'string' ? classes[1] : 'positive';
}

function cell(value: number | null, interval?: readonly [number, number] | null, separator = false): string {
  const ci = interval === undefined ? '' : `<span class="ci">${formatInterval(interval)}</span>`;
  return `<td${separator ? ' class="sep"' : ''}>${formatFigure(value)}${ci}</td>`;
}

function figureCells(figures: SetFigures | null, separator: boolean): string {
  if (figures === null) return [0, 1, 2, 3, 4].map((index) => `<td${separator && index === 0 ? ' class="sep"' : ''}>–</td>`).join('');
  return [
    cell(figures.accuracy, figures.accuracyCi, separator),
    cell(figures.f1),
    cell(figures.auc, figures.aucCi),
    cell(figures.sensitivity, figures.sensitivityCi),
    cell(figures.specificity, figures.specificityCi),
  ].join('');
}

function performanceTable(report: StudyReport, level: 'image' | 'patient', caption: string): string {
  const pick = (evaluation: Evaluation): SetFigures => (level === 'image' ? evaluation : evaluation.patientLevel);
  const head = ['ACC', 'F1', 'AUC (95% CI)', 'Sensitivity', 'Specificity'];
  const rows = report.models.map((model) => `<tr><td>${esc(model.displayName)}</td>${figureCells(pick(model.internal), true)}${figureCells(pick(model.external), true)}</tr>`);
  if (level === 'patient') {
    report.readers.readers.forEach((reader, index) => {
      rows.push(`<tr class="reader${index === 0 ? ' first-reader' : ''}"><td class="name">${esc(reader.name)}${reader.experience ? `<span class="ci">${esc(reader.experience)}</span>` : ''}</td>${figureCells(null, true)}${figureCells({ ...reader, auc: null, aucCi: null, f1: reader.f1 }, true)}</tr>`);
    });
  }
  const [first] = report.models;
  const sizes = first === undefined ? '' : ` (internal n = ${pick(first.internal).samples}, external n = ${pick(first.external).samples})`;
  return [
    `<table><caption>${esc(caption + sizes)}</caption><thead>`,
    `<tr class="group"><th></th><th class="sep" colspan="5">Internal validation</th><th class="sep" colspan="5">External test</th></tr>`,
    `<tr><th>Model</th>${[...head, ...head].map((name, index) => `<th${index % 5 === 0 ? ' class="sep"' : ''}>${name}</th>`).join('')}</tr>`,
    `</thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('');
}

function comparisonTable(report: StudyReport): string {
  if (report.comparisons.length === 0) return '<p class="note">One model only: no pairwise comparison.</p>';
  const rows = report.comparisons.map(
    (row) =>
      `<tr><td>${esc(row.set)}, ${esc(row.level)}</td><td class="text">${esc(row.modelA)} vs ${esc(row.modelB)}</td><td>${formatFigure(row.aucA)}</td><td>${formatFigure(row.aucB)}</td><td>${formatFigure(row.delongZ, 2)}</td><td>${row.delongP === null ? '–' : formatP(row.delongP)}</td><td>${formatFigure(row.mcnemarStatistic, 0)}</td><td>${formatP(row.mcnemarP)}</td></tr>`,
  );
  return `<table><caption>Paired DeLong test of the AUCs and exact McNemar test of the calls at threshold ${report.config.threshold}</caption><thead><tr><th>Set, level</th><th class="text">Pair</th><th>AUC A</th><th>AUC B</th><th>DeLong z</th><th>DeLong p</th><th>McNemar min(b, c)</th><th>McNemar p</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function readersBlock(report: StudyReport): string[] {
  const { readers } = report;
  const rows = readers.readers.map((reader) => {
    const [[tn, fp], [fn, tp]] = reader.confusionMatrix;
    return `<tr><td>${esc(reader.name)}</td><td style="text-align:left">${esc(reader.experience ?? '')}</td>${cell(reader.accuracy, reader.accuracyCi)}${cell(reader.sensitivity, reader.sensitivityCi)}${cell(reader.specificity, reader.specificityCi)}<td>${tn} / ${fp} / ${fn} / ${tp}</td></tr>`;
  });
  const kappa = readers.agreement.map((row) => `<tr><td>${esc(row.readerA)} vs ${esc(row.readerB)}</td><td>${formatFigure(row.kappa)}</td></tr>`);
  const mcnemar = readers.modelVsReader.map(
    (row) => `<tr><td>${esc(row.model)} vs ${esc(row.reader)}</td><td>${row.modelOnlyCorrect}</td><td>${row.readerOnlyCorrect}</td><td>${formatP(row.pValue)}</td></tr>`,
  );
  return [
    `<p class="note">${esc(readers.description)} ${readers.cases} external patients.</p>`,
    `<table><caption>Readers on the external test set (patients)</caption><thead><tr><th>Reader</th><th style="text-align:left">Experience</th><th>ACC</th><th>Sensitivity</th><th>Specificity</th><th>TN / FP / FN / TP</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `<div class="two"><table><caption>Agreement between readers</caption><thead><tr><th>Pair</th><th>Cohen's κ</th></tr></thead><tbody>${kappa.join('') || '<tr><td>one reader</td><td>–</td></tr>'}</tbody></table>`,
    `<table><caption>Model vs reader (exact McNemar, patients)</caption><thead><tr><th>Pair</th><th>only model right</th><th>only reader right</th><th>p</th></tr></thead><tbody>${mcnemar.join('')}</tbody></table></div>`,
  ];
}

function gradcamBlock(report: StudyReport, png: (path: string) => string): string[] {
  const scores = report.models.map(
    (model) =>
      `<tr><td>${esc(model.displayName)}</td><td>${model.localization.camSize === null ? '–' : model.localization.camSize.join(' × ')}</td><td>${model.localization.cases}</td><td>${formatFigure(model.localization.pointingGame)}</td><td>${formatFigure(model.localization.energyInMask)}</td></tr>`,
  );
  const parts = [
    `<p class="note">${esc(methodName(report.config.gradcam.method))} of the predicted class on the external slice with the most lesion per patient. Pointing game: the CAM's peak falls inside the lesion mask; energy in mask: share of the CAM's mass inside it. A CAM is as coarse as the backbone's last feature map (the CAM grid: input / 32), so small inputs give coarse maps that can hardly hit a small lesion. In each case, left the slice with the lesion contour (yellow), right the overlay (contour in white).</p>`,
    `<table><caption>Localisation on the external set</caption><thead><tr><th>Model</th><th>CAM grid</th><th>cases</th><th>pointing game</th><th>energy in mask</th></tr></thead><tbody>${scores.join('')}</tbody></table>`,
  ];
  for (const model of report.models) parts.push(`<h3>${esc(model.displayName)}</h3><div class="gallery">${model.gallery.map((item) => galleryCase(model, item, positiveName(report), png)).join('')}</div>`);
  return parts;
}

function galleryCase(model: ModelResult, item: ModelResult['gallery'][number], positive: string, png: (path: string) => string): string {
  const correct = item.truth === item.predicted;
  return [
    `<div class="case"><div class="pair"><img alt="${esc(`${item.patientId} slice ${item.sliceIndex}`)}" src="${png(item.original)}"><img alt="${esc(`${model.displayName} Grad-CAM of ${item.patientId}`)}" src="${png(item.overlay)}"></div>`,
    `<p><b>${esc(item.patientId)}</b> (${esc(item.site)}) · truth ${esc(item.truth)} · predicted <span class="tag ${correct ? 'ok' : 'bad'}">${esc(item.predicted)}</span> P(${esc(positive)}) ${formatFigure(item.probability, 2)}</p>`,
    `<p>peak in lesion: ${item.pointingHit ? 'yes' : 'no'} · energy in mask ${item.energyInMask === null ? 'n/a (zero map)' : formatFigure(item.energyInMask, 2)}</p></div>`,
  ].join('');
}

function methodName(method: string): string {
  const names: Record<string, string> = { gradcam: 'Grad-CAM', 'gradcam++': 'Grad-CAM++', xgradcam: 'XGrad-CAM', layercam: 'Layer-CAM', hirescam: 'HiResCAM', eigencam: 'Eigen-CAM', scorecam: 'Score-CAM' };
  return names[method] ?? method;
}

function configurationBlock(report: StudyReport): string[] {
  const { config, environment, timings } = report;
  const kv = (rows: [string, string][]): string => `<table class="kv"><tbody>${rows.map(([key, value]) => `<tr><td>${esc(key)}</td><td>${esc(value)}</td></tr>`).join('')}</tbody></table>`;
  const training = Object.entries(config.training).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
  const phases = Object.entries(timings.phases).map(([phase, seconds]): [string, string] => [phase, formatDuration(seconds)]);
  const modelTimes = Object.entries(timings.models).map(([name, time]): [string, string] => [name, `train ${formatDuration(time.trainSeconds)}, evaluate ${formatDuration(time.evaluateSeconds)}, Grad-CAM ${formatDuration(time.gradcamSeconds)}`]);
  return [
    `<div class="two"><div><h3>Study</h3>${kv([
      ['profile', config.profile],
      ['seed', String(config.seed)],
      ['backbones', config.backbones.join(', ')],
      ['input', `${config.model.inputSize} × ${config.model.inputSize} px, ${config.model.inChannels} channel(s)`],
      ['slices per patient', `${config.cohort.slicesPerPatient} of ${config.cohort.slicesPerSeries}`],
      ['threshold', String(config.threshold)],
      ['patient aggregation', config.patientAggregation],
      ...training,
    ])}</div>`,
    `<div><h3>Environment</h3>${kv([
      ['backend', `${environment.backend} (${environment.backendSource})`],
      ['node', environment.node],
      ['platform', environment.platform],
      ['CPUs / workers', `${environment.cpus} / ${environment.workers}`],
      ...Object.entries(environment.packages),
    ])}<h3>Run time</h3>${kv([['total', formatDuration(timings.totalSeconds)], ...phases, ...modelTimes])}</div></div>`,
    `<details><summary>Full configuration (JSON)</summary><pre>${esc(JSON.stringify(config, null, 2))}</pre></details>`,
  ];
}
