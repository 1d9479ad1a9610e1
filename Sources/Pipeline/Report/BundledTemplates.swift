// Generated from templates/*.mustache by .ci/generate-bundled-templates;
// a test checks that the two stay identical.

/// The default templates, built in so the tool works away from a checkout.
enum BundledTemplates {
    static let files: [String: String] = [
        "compare.html.mustache": ##"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spectral-report {{tool_version}}">
<title>{{name_a}} vs {{name_b}}</title>
{{> style.html}}
</head>
<body>
<header>
<h1>{{name_a}} vs {{name_b}}</h1>
<p class="lede">A: <a href="{{link_a}}">{{title_a}}</a> ({{preset_a}}, {{date_a}}) · B: <a href="{{link_b}}">{{title_b}}</a> ({{preset_b}}, {{date_b}})</p>
</header>

<section id="what-changed">
<h2>What changed</h2>
<ul>
{{#what_changed}}<li>{{.}}</li>
{{/what_changed}}
</ul>
</section>

<section id="settings">
<h2>Settings</h2>
{{^has_settings}}<p>Every setting of every sweep is the same in both reports.</p>{{/has_settings}}
{{#has_settings}}
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 1.</strong> Settings that differ, per sweep, after defaults, preset and sweep overrides (— where a report has no such sweep).</caption>
<thead><tr><th class="text">setting</th><th class="text">{{name_a}}</th><th class="text">{{name_b}}</th></tr></thead>
<tbody>
{{#settings}}<tr><td class="text" data-label="setting"><code>{{key}}</code></td><td class="text" data-label="{{name_a}}">{{a}}</td><td class="text" data-label="{{name_b}}">{{b}}</td></tr>
{{/settings}}
</tbody>
</table></div>
{{/has_settings}}
</section>

<section id="verdicts">
<h2>Verdicts</h2>
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 2.</strong> Verdicts of both reports: each measurement with its 95% interval, the band the theory allows, and the outcome; B − A where it is marked. A difference is marked only when the two measurements are apart by more than their intervals combined (√(ciA² + ciB²)); an outcome that flips while they agree within the intervals is not a difference the data show.</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th class="text">claim</th><th>theory</th><th>{{name_a}}</th><th>{{name_b}}</th><th class="text">verdict {{name_a}} → {{name_b}}</th></tr></thead>
<tbody>
{{#verdicts}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td class="text" data-label="claim">{{{claim}}}</td><td data-label="theory">{{expected}}</td><td data-label="{{name_a}}">{{measured_a}}</td><td data-label="{{name_b}}">{{measured_b}}</td><td class="text" data-label="verdict {{name_a}} → {{name_b}}"><span class="{{class_a}}">{{mark_a}}</span> → <span class="{{class_b}}">{{mark_b}}</span>{{#has_status}} {{#significant}}<strong>{{status}}</strong>{{/significant}}{{^significant}}<em>{{status}}</em>{{/significant}}{{/has_status}}</td></tr>
{{/verdicts}}
</tbody>
</table></div>
</section>

<section id="exponents">
<h2>Width exponents</h2>
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 3.</strong> Every width exponent of both reports (slope ± 95% interval) and their difference B − A; a difference beyond the two intervals combined is marked ●.</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th class="text">quantity</th><th>layer</th><th>step</th><th>{{name_a}}</th><th>{{name_b}}</th><th>difference</th></tr></thead>
<tbody>
{{#exponents}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td class="text" data-label="quantity">{{quantity}}</td><td data-label="layer">{{layer}}</td><td data-label="step">{{step}}</td><td data-label="{{name_a}}">{{a}}</td><td data-label="{{name_b}}">{{b}}</td><td data-label="difference">{{difference}}{{#beyond}} ●{{/beyond}}</td></tr>
{{/exponents}}
</tbody>
</table></div>
</section>

<section id="diagnosis">
<h2>Per-layer diagnosis</h2>
{{#diagnosis_diff}}
{{^any}}<p>Neither report has per-layer diagnosis.</p>{{/any}}
{{#any}}{{^has_rows}}<p>All {{compared}} rows are the same in both reports (within the measurements' intervals).</p>{{/has_rows}}{{/any}}
{{#has_rows}}
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 4.</strong> The {{count}} of {{compared}} rows of the per-layer diagnosis that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.</caption>
<thead><tr><th class="text">row</th><th class="text">{{name_a}}</th><th class="text">{{name_b}}</th><th class="text">what differs</th></tr></thead>
<tbody>
{{#rows}}<tr><td class="text" data-label="row">{{item}}</td><td class="text" data-label="{{name_a}}">{{a}}</td><td class="text" data-label="{{name_b}}">{{b}}</td><td class="text" data-label="what differs">{{difference}}</td></tr>
{{/rows}}
</tbody>
</table></div>
{{/has_rows}}
{{/diagnosis_diff}}
</section>

<section id="prescriptions">
<h2>Prescriptions</h2>
{{#prescriptions_diff}}
{{^any}}<p>Neither report has prescriptions.</p>{{/any}}
{{#any}}{{^has_rows}}<p>All {{compared}} rows are the same in both reports (within the measurements' intervals).</p>{{/has_rows}}{{/any}}
{{#has_rows}}
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 5.</strong> The {{count}} of {{compared}} rows of the prescriptions that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.</caption>
<thead><tr><th class="text">row</th><th class="text">{{name_a}}</th><th class="text">{{name_b}}</th><th class="text">what differs</th></tr></thead>
<tbody>
{{#rows}}<tr><td class="text" data-label="row">{{item}}</td><td class="text" data-label="{{name_a}}">{{a}}</td><td class="text" data-label="{{name_b}}">{{b}}</td><td class="text" data-label="what differs">{{difference}}</td></tr>
{{/rows}}
</tbody>
</table></div>
{{/has_rows}}
{{/prescriptions_diff}}
</section>

<section id="transfer">
<h2>Learning-rate transfer</h2>
{{#transfer_diff}}
{{^any}}<p>Neither report has learning-rate transfer.</p>{{/any}}
{{#any}}{{^has_rows}}<p>All {{compared}} rows are the same in both reports (within the measurements' intervals).</p>{{/has_rows}}{{/any}}
{{#has_rows}}
<div class="table-scroll"><table class="reflow">
<caption><strong>Table 6.</strong> The {{count}} of {{compared}} rows of the learning-rate transfer that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.</caption>
<thead><tr><th class="text">row</th><th class="text">{{name_a}}</th><th class="text">{{name_b}}</th><th class="text">what differs</th></tr></thead>
<tbody>
{{#rows}}<tr><td class="text" data-label="row">{{item}}</td><td class="text" data-label="{{name_a}}">{{a}}</td><td class="text" data-label="{{name_b}}">{{b}}</td><td class="text" data-label="what differs">{{difference}}</td></tr>
{{/rows}}
</tbody>
</table></div>
{{/has_rows}}
{{/transfer_diff}}
</section>

<section id="figures">
<h2>Figures</h2>
{{^figures}}<p>The two reports have no figure in common.</p>{{/figures}}
{{#figures}}
<figure id="{{id}}">
<a href="{{png}}"><img src="{{png}}" alt="{{alt}}" width="{{width}}" height="{{height}}"></a>
<figcaption><strong>Figure {{number}}. {{title}}.</strong> {{name_a}} solid, {{name_b}} dashed, same colours for the same series. <span class="links">[<a href="{{png}}">PNG</a> · <a href="{{svg}}">SVG</a>]</span></figcaption>
</figure>
{{#has_ratio}}
<figure id="{{id}}-ratio">
<a href="{{ratio_png}}"><img src="{{ratio_png}}" alt="{{ratio_alt}}" width="{{ratio_width}}" height="{{ratio_height}}"></a>
<figcaption><strong>Figure {{number}}b. {{title}}: {{name_b}} / {{name_a}}.</strong> Each curve of B divided by the same curve of A at each width both measured (log axis; the grey line at 1 is no change). A flat ratio means B scales with width like A; a sloped one, that the width exponent changed. <span class="links">[<a href="{{ratio_png}}">PNG</a> · <a href="{{ratio_svg}}">SVG</a>]</span></figcaption>
</figure>
{{/has_ratio}}
{{/figures}}
</section>

<footer class="provenance">
<strong>Provenance.</strong> spectral-report {{tool_version}} · <code>{{command}}</code> · A: {{path_a}} · B: {{path_b}}
</footer>
</body>
</html>

"""##,
        "compare.md.mustache": ##"""
{{% CONTENT_TYPE: TEXT}}
# {{name_a}} vs {{name_b}}

A: [{{title_a}}]({{link_a}}) ({{preset_a}}, {{date_a}}) · B: [{{title_b}}]({{link_b}}) ({{preset_b}}, {{date_b}})

## What changed

{{#what_changed}}
- {{.}}
{{/what_changed}}

## Settings
{{^has_settings}}

Every setting of every sweep is the same in both reports.
{{/has_settings}}
{{#has_settings}}

**Table 1.** Settings that differ, per sweep, after defaults, preset and sweep overrides (— where a report has no such sweep).

| setting | {{name_a}} | {{name_b}} |
|---|---|---|
{{#settings}}
| {{key}} | {{a}} | {{b}} |
{{/settings}}
{{/has_settings}}

## Verdicts

**Table 2.** Verdicts of both reports: each measurement with its 95% interval, the band the theory allows, and the outcome; B − A where it is marked. A difference is marked only when the two measurements are apart by more than their intervals combined (√(ciA² + ciB²)); an outcome that flips while they agree within the intervals is not a difference the data show.

| parametrization | optimizer | claim | theory | {{name_a}} | {{name_b}} | verdict {{name_a}} → {{name_b}} |
|---|---|---|---:|---:|---:|---|
{{#verdicts}}
| {{parametrization}} | {{optimizer}} | {{claim}} | {{expected}} | {{measured_a}} | {{measured_b}} | {{mark_a}} → {{mark_b}}{{#has_status}} {{#significant}}**{{status}}**{{/significant}}{{^significant}}_{{status}}_{{/significant}}{{/has_status}} |
{{/verdicts}}

## Width exponents

**Table 3.** Every width exponent of both reports (slope ± 95% interval) and their difference B − A; a difference beyond the two intervals combined is marked ●.

| parametrization | optimizer | quantity | layer | step | {{name_a}} | {{name_b}} | difference |
|---|---|---|---:|---:|---:|---:|---:|
{{#exponents}}
| {{parametrization}} | {{optimizer}} | {{quantity}} | {{layer}} | {{step}} | {{a}} | {{b}} | {{difference}}{{#beyond}} ●{{/beyond}} |
{{/exponents}}

## Per-layer diagnosis
{{#diagnosis_diff}}
{{^any}}

Neither report has per-layer diagnosis.
{{/any}}
{{#any}}
{{^has_rows}}

All {{compared}} rows are the same in both reports (within the measurements' intervals).
{{/has_rows}}
{{/any}}
{{#has_rows}}

**Table 4.** The {{count}} of {{compared}} rows of the per-layer diagnosis that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.

| row | {{name_a}} | {{name_b}} | what differs |
|---|---|---|---|
{{#rows}}
| {{item}} | {{a}} | {{b}} | {{difference}} |
{{/rows}}
{{/has_rows}}
{{/diagnosis_diff}}

## Prescriptions
{{#prescriptions_diff}}
{{^any}}

Neither report has prescriptions.
{{/any}}
{{#any}}
{{^has_rows}}

All {{compared}} rows are the same in both reports (within the measurements' intervals).
{{/has_rows}}
{{/any}}
{{#has_rows}}

**Table 5.** The {{count}} of {{compared}} rows of the prescriptions that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.

| row | {{name_a}} | {{name_b}} | what differs |
|---|---|---|---|
{{#rows}}
| {{item}} | {{a}} | {{b}} | {{difference}} |
{{/rows}}
{{/has_rows}}
{{/prescriptions_diff}}

## Learning-rate transfer
{{#transfer_diff}}
{{^any}}

Neither report has learning-rate transfer.
{{/any}}
{{#any}}
{{^has_rows}}

All {{compared}} rows are the same in both reports (within the measurements' intervals).
{{/has_rows}}
{{/any}}
{{#has_rows}}

**Table 6.** The {{count}} of {{compared}} rows of the learning-rate transfer that differ: in one report only, a pass that became a miss, or a measurement apart by more than its intervals combined.

| row | {{name_a}} | {{name_b}} | what differs |
|---|---|---|---|
{{#rows}}
| {{item}} | {{a}} | {{b}} | {{difference}} |
{{/rows}}
{{/has_rows}}
{{/transfer_diff}}

## Figures
{{^figures}}

The two reports have no figure in common.
{{/figures}}
{{#figures}}

![{{alt}}]({{png}})

**Figure {{number}}. {{title}}.** {{name_a}} solid, {{name_b}} dashed, same colours for the same series. [PNG]({{png}}) · [SVG]({{svg}})
{{#has_ratio}}

![{{ratio_alt}}]({{ratio_png}})

**Figure {{number}}b. {{title}}: {{name_b}} / {{name_a}}.** Each curve of B divided by the same curve of A at each width both measured (log axis; the grey line at 1 is no change). A flat ratio means B scales with width like A; a sloped one, that the width exponent changed. [PNG]({{ratio_png}}) · [SVG]({{ratio_svg}})
{{/has_ratio}}
{{/figures}}

---

spectral-report {{tool_version}} · {{command}} · A: {{path_a}} · B: {{path_b}}

"""##,
        "figure.html.mustache": ##"""
<figure id="{{id}}">
<a class="figure-whole" href="{{png}}"><img src="{{image}}" alt="{{alt}}" width="{{width}}" height="{{height}}"></a>
{{#has_panels}}<div class="figure-panels">{{#panels}}<a href="{{png}}"><img src="{{png}}" alt="{{alt}}" width="{{width}}" height="{{height}}"></a>{{/panels}}</div>
{{/has_panels}}<figcaption><strong>Figure {{number}}. {{title}}.</strong> {{{caption}}}{{#slopes_text}} {{slopes_text}}{{/slopes_text}}
<span class="links">[<a href="{{png}}">PNG</a> · <a href="{{svg}}">SVG</a> · <a href="{{csv}}">CSV</a>{{#embedded}}; the PNG is embedded above, the files are beside the report{{/embedded}}{{#has_panels}}; each panel alone, for a paper's column:{{#panels}} <a href="{{png}}">{{panel_number}}</a> (<a href="{{svg}}">SVG</a>){{/panels}}{{/has_panels}}]</span></figcaption>
</figure>

"""##,
        "figure.md.mustache": ##"""
{{% CONTENT_TYPE: TEXT}}
[![{{alt}}]({{png}})]({{png}})

**Figure {{number}}. {{title}}.** {{caption}}{{#slopes_text}} {{slopes_text}}{{/slopes_text}} ([PNG]({{png}}) · [SVG]({{svg}}) · [CSV]({{csv}}){{#has_panels}}; each panel alone:{{#panels}} [{{panel_number}}]({{png}}){{/panels}}{{/has_panels}})

"""##,
        "index.html.mustache": ##"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spectral-report {{tool_version}}">
<title>Reports</title>
{{> style.html}}
<style>
  .entry { display: flex; gap: 1.2rem; align-items: flex-start; border-bottom: 1px solid var(--rule); padding: 1rem 0; }
  .entry img { border: 1px solid var(--rule); background: #fff; width: 320px; max-width: 42vw; height: auto; }
  .entry .cite { color: var(--muted); font-size: 0.85rem; }
  .entry h2 { margin-top: 0; border: none; font-size: 1.15rem; } .entry p { margin: 0.3rem 0; font-size: 0.92rem; }
  @media (max-width: 40rem) { .entry { flex-direction: column; } .entry img { max-width: 100%; } }
</style>
</head>
<body>
<header>
<h1>Reports</h1>
<p class="lede">{{report_count}} {{reports_word}} rendered by spectral-report {{tool_version}}. ✓ counts the verdicts that came out as the theory predicts, ✗ those that did not, ? those the data could not decide.</p>
</header>
{{^has_reports}}<p>No reports yet: <code>spectral-report run</code> writes them here.</p>{{/has_reports}}
{{#reports}}
<section class="entry">
{{#has_thumbnail}}<a href="{{link}}"><img src="{{thumbnail}}" alt="{{thumbnail_alt}}" width="{{thumbnail_width}}" height="{{thumbnail_height}}"></a>{{/has_thumbnail}}
<div>
<h2><a href="{{link}}">{{display_title}}</a></h2>
<p><code>{{name}}</code> · {{preset}} preset · {{date}}<br>
{{runs}} training runs · {{figures}} figures{{#has_run_time}} · {{run_time}}{{/has_run_time}}<br>verdicts: <span class="pass">{{passed}} ✓</span> <span class="fail">{{failed}} ✗</span>{{#has_inconclusive}} <span class="inconclusive">{{inconclusive}} ?</span>{{/has_inconclusive}} of {{verdict_count}}</p>
{{#has_headline}}<p>{{{headline}}}</p>{{/has_headline}}
{{#has_related}}<p>Compared in:{{#comparisons}} <a href="{{link}}">{{name}}</a>{{/comparisons}}</p>{{/has_related}}
<p class="cite">Reproduces Yang, Simon and Bernstein, <a href="https://arxiv.org/abs/2310.17813"><em>A Spectral Condition for Feature Learning</em></a>, arXiv:2310.17813 (2023).</p>
</div>
</section>
{{/reports}}
{{#has_comparisons}}
<h2>Comparisons</h2>
<ul>
{{#comparisons}}<li><a href="{{link}}">{{name}}</a></li>
{{/comparisons}}
</ul>
{{/has_comparisons}}
</body>
</html>

"""##,
        "index.md.mustache": ##"""
{{% CONTENT_TYPE: TEXT}}
# Reports

Rendered by spectral-report {{tool_version}}. ✓ counts the verdicts that came out as the theory predicts, ✗ those that did not, ? those the data could not decide.
{{^has_reports}}

No reports yet: `spectral-report run` writes them here.
{{/has_reports}}
{{#reports}}

## [{{display_title}}]({{link}})

{{#has_thumbnail}}
[![{{thumbnail_alt}}]({{thumbnail}})]({{link}})

{{/has_thumbnail}}
{{name}} · {{preset}} preset · {{date}} · {{runs}} training runs · {{figures}} figures{{#has_run_time}} · {{run_time}}{{/has_run_time}} · verdicts: {{passed}} ✓ {{failed}} ✗{{#has_inconclusive}} {{inconclusive}} ?{{/has_inconclusive}} of {{verdict_count}}
{{#has_headline}}

{{{headline}}}
{{/has_headline}}
{{#has_related}}

Compared in:{{#comparisons}} [{{name}}]({{link}}){{/comparisons}}
{{/has_related}}

Reproduces Yang, Simon and Bernstein, [*A Spectral Condition for Feature Learning*](https://arxiv.org/abs/2310.17813), arXiv:2310.17813 (2023).
{{/reports}}
{{#has_comparisons}}

## Comparisons

{{#comparisons}}
- [{{name}}]({{link}})
{{/comparisons}}
{{/has_comparisons}}

"""##,
        "provenance.html.mustache": ##"""
<footer class="provenance">
<strong>Provenance.</strong> spectral-report {{provenance.tool_version}} · experiment {{provenance.experiment}} (sha256 {{provenance.experiment_hash}}) ·
numerics {{provenance.blas_kernel}} · {{provenance.runs}} training runs ({{provenance.diverged_runs}} diverged) · {{provenance.date}} (date: {{provenance.date_source}}){{#provenance.has_commit}} · commit {{provenance.commit}}{{/provenance.has_commit}}
</footer>

"""##,
        "report.html.mustache": ##"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spectral-report {{provenance.tool_version}}">
<title>{{title}}</title>
{{> style.html}}
</head>
<body>
<header>
<h1>{{title}}</h1>
{{#quick}}<p class="lede"><em>Quick preset: reduced widths, seeds and steps.</em></p>{{/quick}}
{{#description_paragraphs}}<p class="lede">{{.}}</p>
{{/description_paragraphs}}
</header>

<nav aria-label="Contents">
<ol>
{{#has_verdicts}}<li><a href="#glance">At a glance</a></li>{{/has_verdicts}}
<li><a href="#what-was-run">What was run</a></li>
<li><a href="#claim">What the spectral condition says</a></li>
{{#sections}}<li><a href="#{{id}}">{{title}}</a></li>
{{/sections}}
{{#has_diagnosis}}<li><a href="#diagnosis">Per-layer diagnosis and what to change</a></li>{{/has_diagnosis}}
{{#has_differences}}<li><a href="#differences">Where we differ from the paper</a></li>{{/has_differences}}
<li><a href="#caveats">Caveats</a></li>
<li><a href="#cite">How to cite</a></li>
<li><a href="#reproduce">How to reproduce</a></li>
</ol>
</nav>

{{#has_verdicts}}
<section id="glance">
<h2>At a glance</h2>
<p class="summary"><strong>{{{verdict_summary}}}</strong> Each claim's section below shows its theory, its figures, the fitted slopes and its verdicts.</p>
<div class="table-scroll"><table class="reflow glance">
<thead><tr><th class="text">claim</th><th>as predicted</th><th class="text">not as predicted (slope ± 95% interval)</th></tr></thead>
<tbody>
{{#claim_summary}}<tr><td class="text" data-label="claim"><a href="#{{anchor}}">{{title}}</a></td><td class="{{class}}" data-label="as predicted">{{mark}} {{passed}} of {{total}}</td><td class="text" data-label="not as predicted">{{#has_misses}}{{misses}}{{/has_misses}}{{^has_misses}}—{{/has_misses}}</td></tr>
{{/claim_summary}}
</tbody>
</table></div>
<p class="verdict-rule">{{verdict_rule}}</p>
{{#has_fix_summary}}<p><strong>What to change</strong> (the <a href="#diagnosis">per-layer diagnosis</a>: misses of the spectral condition at initialisation and after one step, and the prescription solved from them):</p>
<ul class="fix-summary">
{{#fix_summary}}<li><a href="#{{anchor}}">{{name}}</a>: {{count}} miss{{^one}}es{{/one}} in {{{layers}}}{{#has_prescription}} · <a href="#prescriptions">prescription</a> <span class="{{prescription_class}}">{{prescription_mark}}</span>{{/has_prescription}}</li>
{{/fix_summary}}
</ul>{{/has_fix_summary}}
</section>
{{/has_verdicts}}

<section id="what-was-run">
<h2>What was run</h2>
<p>{{total_runs}} training runs{{#quick}} (the quick preset){{/quick}}: {{sweep_runs}} in {{sweep_count}} sweep{{^one_sweep}}s{{/one_sweep}}, shown in {{figure_count}} figures{{#has_fixed_runs}}, and {{fixed_runs_text}}{{/has_fixed_runs}}.</p>
<ul>
{{#sweeps}}<li><strong>{{name}}</strong>: {{text}}</li>
{{/sweeps}}
</ul>
</section>

<section id="claim">
<h2>What the spectral condition says</h2>
<p>Take an MLP with weight matrices <math><msub><mi>W</mi><mi>l</mi></msub></math> of size
<math><msub><mi>n</mi><mi>l</mi></msub><mo>×</mo><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></math>.
Features learn at every width when each hidden feature and its change after a step have entries of size one:
<math><mo>‖</mo><msub><mi>h</mi><mi>l</mi></msub><mo>‖</mo><mo>=</mo><mi>Θ</mi><mo>(</mo><msqrt><msub><mi>n</mi><mi>l</mi></msub></msqrt><mo>)</mo></math> and
<math><mo>‖</mo><mi>Δ</mi><msub><mi>h</mi><mi>l</mi></msub><mo>‖</mo><mo>=</mo><mi>Θ</mi><mo>(</mo><msqrt><msub><mi>n</mi><mi>l</mi></msub></msqrt><mo>)</mo></math>.
Yang, Simon and Bernstein show this holds when every weight matrix and every update has spectral norm
<math><mo>‖</mo><msub><mi>W</mi><mi>l</mi></msub><msub><mo>‖</mo><mo>*</mo></msub><mo>=</mo><mi>Θ</mi><mo>(</mo><msqrt><mfrac><msub><mi>n</mi><mi>l</mi></msub><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></mfrac></msqrt><mo>)</mo></math>
and <math><mo>‖</mo><mi>Δ</mi><msub><mi>W</mi><mi>l</mi></msub><msub><mo>‖</mo><mo>*</mo></msub><mo>=</mo><mi>Θ</mi><mo>(</mo><msqrt><mfrac><msub><mi>n</mi><mi>l</mi></msub><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></mfrac></msqrt><mo>)</mo></math>.
Updates are low-rank and aligned with the incoming features, so the spectral norm — not the Frobenius norm or the size of entries — decides how far features move.
The standard parametrization breaks the condition (its hidden updates grow like <math><msqrt><mi>n</mi></msqrt></math>), the NTK parametrization shrinks updates like
<math><msup><mi>n</mi><mrow><mo>−</mo><mn>1</mn><mo>/</mo><mn>2</mn></mrow></msup></math> so features freeze, and the spectral parametrization (μP) keeps both at order one.</p>
{{#has_adam}}<p>Under Adam the exponents differ. Its first update is sign-like: every entry has the size of the layer's rate <math><msub><mi>η</mi><mi>l</mi></msub></math>, and the update is rank one, so
<math><mo>‖</mo><mi>Δ</mi><msub><mi>W</mi><mi>l</mi></msub><msub><mo>‖</mo><mo>*</mo></msub><mo>≈</mo><msub><mi>η</mi><mi>l</mi></msub><msqrt><msub><mi>n</mi><mi>l</mi></msub><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></msqrt></math>.
The condition then asks for <math><msub><mi>η</mi><mi>l</mi></msub><mo>∝</mo><mn>1</mn><mo>/</mo><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></math> (the spectral and μP Adam rules);
at a width-independent rate hidden updates, and so features, grow like <math><mi>n</mi></math> under the standard parametrization and like <math><msqrt><mi>n</mi></msqrt></math> under NTK. The Adam verdicts use these exponents.</p>{{/has_adam}}
</section>

{{#sections}}
<section id="{{id}}" class="claim">
<h2>{{title}}</h2>
<p class="theory"><strong>What the theory says.</strong> {{{theory}}}</p>
{{#figures}}
{{> figure.html}}
{{/figures}}
{{#has_exponents}}{{#exponents}}<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{number}}.</strong> {{caption}} Slopes of log({{quantity}}) against log(width) ± their 95% intervals, at the hidden layer the verdicts read (every layer and quantity: <code>exponents</code> in <a href="data/summary.json">data/summary.json</a>).</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th>layer</th><th>{{quantity}}, step 1</th><th>{{quantity}}, end</th><th>theory</th></tr></thead>
<tbody>
{{#rows}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td data-label="layer">{{layer}}</td><td data-label="{{quantity}}, step 1">{{first}}</td><td data-label="{{quantity}}, end">{{end}}</td><td data-label="theory">{{theory}}</td></tr>
{{/rows}}
</tbody>
</table></div>{{/exponents}}{{/has_exponents}}
{{#has_transfer}}<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{transfer_table}}.</strong> {{transfer_caption}}</caption>
<thead><tr><th class="text">parametrization</th><th>width</th><th>best learning rate</th><th>final loss</th><th class="text">each seed's optimum</th><th class="text">best rate over training</th></tr></thead>
<tbody>
{{#transfer}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td data-label="width">{{width}}</td><td data-label="best learning rate">{{best_learning_rate}}</td><td data-label="final loss">{{final_loss}}</td><td class="text" data-label="each seed's optimum">{{seed_optima}}</td><td class="text" data-label="best rate over training">{{over_training}}</td></tr>
{{/transfer}}
</tbody>
</table></div>
{{#has_transfer_exponents}}<p class="lead-in">The best rate's width exponent, fitted to every seed's optimum (refined between grid points by the parabola through the best rate and its neighbours):</p>
<ul>
{{#transfer_exponents}}<li>{{.}}</li>
{{/transfer_exponents}}
</ul>{{/has_transfer_exponents}}{{/has_transfer}}
{{#has_paper}}<p class="lead-in">Table {{paper_table}} puts the paper's stable rank and alignment of one update (read from its low-rank figure) beside ours at the same batch sizes. The paper trained on another data set than our synthetic teacher, so trends and sizes compare, not digits.</p>
<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{paper_table}}.</strong> The paper's values and ours.</caption>
<thead><tr><th class="text">activation</th><th class="text">quantity</th><th>batch size</th><th>paper</th><th>this report</th></tr></thead>
<tbody>
{{#paper}}<tr><td class="text" data-label="activation">{{activation}}</td><td class="text" data-label="quantity">{{quantity}}</td><td data-label="batch size">{{batch}}</td><td data-label="paper">{{paper}}</td><td data-label="this report">{{ours}}</td></tr>
{{/paper}}
</tbody>
</table></div>{{/has_paper}}
{{#has_verdicts}}<p class="verdict"><strong>Verdict.</strong> {{{verdict_sentence}}}</p>
<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{verdicts_table}}.</strong> Verdicts: {{title}}.</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th class="text">claim</th><th>measured (95% interval)</th><th>theory's band</th><th class="text">verdict</th></tr></thead>
<tbody>
{{#verdicts}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td class="text" data-label="claim">{{{claim}}}</td><td data-label="measured">{{measured}}</td><td data-label="theory's band">{{expected}}</td><td class="text {{class}}" data-label="verdict">{{mark}}</td></tr>
{{/verdicts}}
</tbody>
</table></div>{{/has_verdicts}}
</section>
{{/sections}}

{{#has_diagnosis}}
<section id="diagnosis">
<h2>Per-layer diagnosis and what to change</h2>
<p>The spectral condition asks every layer for <math><mo>‖</mo><msub><mi>W</mi><mi>l</mi></msub><msub><mo>‖</mo><mo>*</mo></msub></math> and
<math><mo>‖</mo><mi>Δ</mi><msub><mi>W</mi><mi>l</mi></msub><msub><mo>‖</mo><mo>*</mo></msub></math> proportional to
<math><msqrt><mrow><msub><mi>n</mi><mi>l</mi></msub><mo>/</mo><msub><mi>n</mi><mrow><mi>l</mi><mo>−</mo><mn>1</mn></mrow></msub></mrow></msqrt></math>
(width exponents +½, 0 and −½ for the input, hidden and output layers) and for feature changes
<math><mo>‖</mo><mi>Δ</mi><msub><mi>h</mi><mi>l</mi></msub><msub><mo>‖</mo><mi>RMS</mi></msub></math> of order one.
Table {{diagnosis_table}} gives each layer's measured exponents (effective weights, forward multipliers included); ✓ within ±{{diagnosis_tolerance}} of the target, ✗ not. The records, with intervals, are <code>diagnosis</code> in <a href="data/summary.json">data/summary.json</a>.</p>
<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{diagnosis_table}}.</strong> Width exponents per layer against the spectral condition (targets: weights and updates, features).</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th>layer</th><th class="text">kind</th><th>targets</th><th>‖W‖<sub>*</sub>, init</th><th>‖ΔW‖<sub>*</sub>, step 1</th><th>‖ΔW‖<sub>*</sub>, end</th><th>‖Δh‖<sub>RMS</sub>, step 1</th><th>‖Δh‖<sub>RMS</sub>, end</th></tr></thead>
<tbody>
{{#diagnosis}}<tr class="{{class}}-row"><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td data-label="layer">{{layer}}</td><td class="text" data-label="kind">{{kind}}</td><td data-label="targets">{{target}}</td><td data-label="‖W‖∗, init">{{weight}}</td><td data-label="‖ΔW‖∗, step 1">{{update_first}}</td><td data-label="‖ΔW‖∗, end">{{update_end}}</td><td data-label="RMS of Δh, step 1">{{feature_first}}</td><td data-label="RMS of Δh, end">{{feature_end}}</td></tr>
{{/diagnosis}}
</tbody>
</table></div>
{{#has_fixes}}<p>Where each miss at initialisation and after one step comes from: a layer's own fault, with its part of the joint prescription below, or a consequence of another layer's fault, with no fix of its own (misses at the end of training are in the table):</p>
{{#diagnosis_fix_groups}}<details class="fixes" id="{{id}}"><summary><strong>{{name}}</strong>: {{count}} miss{{^one}}es{{/one}}, in {{{layers}}}</summary>
<ul class="caveats">
{{#fixes}}<li>{{{.}}}</li>
{{/fixes}}
</ul></details>
{{/diagnosis_fix_groups}}{{/has_fixes}}
{{^has_fixes}}<p>Every layer of every parametrization meets the condition.</p>{{/has_fixes}}
{{#has_prescriptions}}<h3 id="prescriptions">Prescriptions, verified by training</h3>
<p>A mis-scaled layer makes other layers' updates look mis-scaled too, so the fixes are solved jointly from each scheme's width exponents (initialisation, multiplier and learning rate per layer; <a href="#diagnosis">misses marked “no fix of its own”</a> follow from another layer's fault). Each fixed scheme was trained on the same sweep and diagnosed again; paste its block into an experiment file to use it.</p>
<ul class="caveats">
{{#prescriptions}}<li><strong>{{parametrization}} ({{optimizer}})</strong>: {{#has_changes}}{{{changes}}}{{#has_equivalent}}, {{equivalent}}{{/has_equivalent}}. <span class="{{class}}">{{mark}}</span>: {{{note}}}.{{/has_changes}}{{^has_changes}}nothing to change{{#has_equivalent}} ({{equivalent}}){{/has_equivalent}}; {{{note}}}.{{/has_changes}}{{#has_toml}}
<pre><code>{{toml}}</code></pre>{{/has_toml}}</li>
{{/prescriptions}}
</ul>
{{#has_prescription_rows}}<div class="table-scroll"><table class="reflow">
<caption><strong>Table {{prescriptions_table}}.</strong> Before and after: each layer's width exponents under the original scheme and under its prescribed fix, trained on the same sweep.</caption>
<thead><tr><th class="text">parametrization</th><th class="text">optimizer</th><th>layer</th><th class="text">kind</th><th>‖W‖<sub>*</sub>, before</th><th>‖ΔW‖<sub>*</sub>, before</th><th>‖Δh‖<sub>RMS</sub>, before</th><th class="text">fixed scheme</th><th>‖W‖<sub>*</sub>, after</th><th>‖ΔW‖<sub>*</sub>, after</th><th>‖Δh‖<sub>RMS</sub>, after</th></tr></thead>
<tbody>
{{#prescription_rows}}<tr><td class="text" data-label="parametrization">{{parametrization}}</td><td class="text" data-label="optimizer">{{optimizer}}</td><td data-label="layer">{{layer}}</td><td class="text" data-label="kind">{{kind}}</td><td data-label="‖W‖∗, before">{{before_weight}}</td><td data-label="‖ΔW‖∗, before">{{before_update}}</td><td data-label="‖Δh‖ RMS, before">{{before_feature}}</td><td class="text" data-label="fixed scheme">{{fixed}}</td><td data-label="‖W‖∗, after">{{after_weight}}</td><td data-label="‖ΔW‖∗, after">{{after_update}}</td><td data-label="‖Δh‖ RMS, after">{{after_feature}}</td></tr>
{{/prescription_rows}}
</tbody>
</table></div>{{/has_prescription_rows}}
{{/has_prescriptions}}
</section>
{{/has_diagnosis}}




{{#has_differences}}
<section id="differences">
<h2>Where we differ from the paper</h2>
<p>Each line compares a measurement of this report with the paper's value; "differs" where the two are more than a tenth apart or move in different directions.</p>
<ul>
{{#differences}}<li><span class="{{class}}">{{mark}}</span>: {{{text}}}</li>
{{/differences}}
</ul>
</section>
{{/has_differences}}

<section id="caveats">
<h2>Caveats</h2>
<ul class="caveats">
{{#input_layer_note}}<li>{{{input_layer_note}}}</li>
{{/input_layer_note}}
<li>Slopes are read at the first step and at the end separately: after a few steps the standard parametrization can saturate or diverge at large widths.</li>
<li>{{divergence_rule}}</li>
<li>The default data set is a synthetic teacher task; run with <code>--data-dir</code> for CIFAR-10 or MNIST.</li>
</ul>
</section>

<section id="cite">
<h2>How to cite</h2>
<p>The paper this report reproduces: Greg Yang, James B. Simon and Jeremy Bernstein, <a href="https://arxiv.org/abs/2310.17813"><em>A Spectral Condition for Feature Learning</em></a>, arXiv:2310.17813, 2023.</p>
<pre>@article{yang2023spectral,
  title   = {A Spectral Condition for Feature Learning},
  author  = {Yang, Greg and Simon, James B. and Bernstein, Jeremy},
  journal = {arXiv preprint arXiv:2310.17813},
  year    = {2023}
}</pre>
</section>

<section id="reproduce">
<h2>How to reproduce</h2>
<p>With spectral-report {{provenance.tool_version}}, from the folder that holds the experiment file (every figure, table and number is regenerated; the data to replot are in <a href="data/README.md">data/</a>):</p>
<pre>{{reproduce_command}}</pre>
</section>

{{> provenance.html}}
</body>
</html>

"""##,
        "report.md.mustache": ##"""
{{% CONTENT_TYPE: TEXT}}
# {{title}}
{{#quick}}

*Quick preset: reduced widths, seeds and steps.*
{{/quick}}
{{#description_paragraphs}}

{{.}}
{{/description_paragraphs}}

**Contents:** {{#has_verdicts}}[At a glance](#at-a-glance) · {{/has_verdicts}}[What was run](#what-was-run) · [What the spectral condition says](#what-the-spectral-condition-says){{#sections}} · [{{title}}](#{{markdown_anchor}}){{/sections}}{{#has_diagnosis}} · [Per-layer diagnosis and what to change](#per-layer-diagnosis-and-what-to-change){{/has_diagnosis}}{{#has_differences}} · [Where we differ from the paper](#where-we-differ-from-the-paper){{/has_differences}} · [Caveats](#caveats) · [How to cite](#how-to-cite) · [How to reproduce](#how-to-reproduce)
{{#has_verdicts}}

## At a glance

**{{verdict_summary}}** Each claim's section below shows its theory, its figures, the fitted slopes and its verdicts.

| claim | as predicted | not as predicted (slope ± 95% interval) |
|---|---|---|
{{#claim_summary}}
| [{{title}}](#{{anchor}}) | {{mark}} {{passed}} of {{total}} | {{#has_misses}}{{misses}}{{/has_misses}}{{^has_misses}}—{{/has_misses}} |
{{/claim_summary}}

{{verdict_rule}}
{{#has_fix_summary}}

**What to change** (the [per-layer diagnosis](#per-layer-diagnosis-and-what-to-change): misses of the spectral condition at initialisation and after one step, and the prescription solved from them):

{{#fix_summary}}
- [{{name}}](#{{anchor}}): {{count}} miss{{^one}}es{{/one}} in {{layers}}{{#has_prescription}} · [prescription](#prescriptions-verified-by-training) {{prescription_mark}}{{/has_prescription}}
{{/fix_summary}}
{{/has_fix_summary}}
{{/has_verdicts}}

## What was run

{{total_runs}} training runs{{#quick}} (the quick preset){{/quick}}: {{sweep_runs}} in {{sweep_count}} sweep{{^one_sweep}}s{{/one_sweep}}, shown in {{figure_count}} figures{{#has_fixed_runs}}, and {{fixed_runs_text}}{{/has_fixed_runs}}.

{{#sweeps}}
- **{{name}}**: {{text}}
{{/sweeps}}

## What the spectral condition says

Take an MLP with weight matrices $W_l \in \mathbb{R}^{n_l \times n_{l-1}}$. Features learn at every width when each hidden feature and its change after a step have entries of size one: $\lVert h_l \rVert_2 = \Theta(\sqrt{n_l})$ and $\lVert \Delta h_l \rVert_2 = \Theta(\sqrt{n_l})$. Yang, Simon and Bernstein show this holds when every weight matrix and every update has spectral norm $\lVert W_l \rVert_{\ast} = \Theta(\sqrt{n_l / n_{l-1}})$ and $\lVert \Delta W_l \rVert_{\ast} = \Theta(\sqrt{n_l / n_{l-1}})$. Updates are low-rank and aligned with the incoming features, so the spectral norm — not the Frobenius norm or the size of entries — decides how far features move. The standard parametrization breaks the condition (hidden updates grow like $\sqrt{n}$), the NTK parametrization shrinks updates like $n^{-1/2}$ so features freeze, and the spectral parametrization (μP) keeps both at order one.
{{#has_adam}}

Under Adam the exponents differ. Its first update is sign-like: every entry has the size of the layer's rate $\eta_l$, and the update is rank one, so $\lVert \Delta W_l \rVert_{\ast} \approx \eta_l \sqrt{n_l n_{l-1}}$. The condition then asks for $\eta_l \propto 1/n_{l-1}$ (the spectral and μP Adam rules); at a width-independent rate hidden updates, and so features, grow like $n$ under the standard parametrization and like $\sqrt{n}$ under NTK. The Adam verdicts use these exponents.
{{/has_adam}}
{{#sections}}

## {{title}}

**What the theory says.** {{{theory}}}
{{#figures}}

{{> figure.md}}
{{/figures}}
{{#has_exponents}}
{{#exponents}}

**Table {{number}}.** {{caption}} Slopes of log({{quantity}}) against log(width) ± their 95% intervals, at the hidden layer the verdicts read (every layer and quantity: `exponents` in [data/summary.json](data/summary.json)).

| parametrization | optimizer | layer | {{quantity}}, step 1 | {{quantity}}, end | theory |
|---|---|---:|---:|---:|---:|
{{#rows}}
| {{parametrization}} | {{optimizer}} | {{layer}} | {{first}} | {{end}} | {{theory}} |
{{/rows}}
{{/exponents}}
{{/has_exponents}}
{{#has_transfer}}

**Table {{transfer_table}}.** {{transfer_caption}}

| parametrization | width | best learning rate | final loss | each seed's optimum | best rate over training |
|---|---:|---:|---:|---|---|
{{#transfer}}
| {{parametrization}} | {{width}} | {{best_learning_rate}} | {{final_loss}} | {{seed_optima}} | {{over_training}} |
{{/transfer}}
{{#has_transfer_exponents}}

The best rate's width exponent, fitted to every seed's optimum (refined between grid points by the parabola through the best rate and its neighbours):

{{#transfer_exponents}}
- {{.}}
{{/transfer_exponents}}
{{/has_transfer_exponents}}
{{/has_transfer}}
{{#has_paper}}

Table {{paper_table}} puts the paper's stable rank and alignment of one update (read from its low-rank figure) beside ours at the same batch sizes. The paper trained on another data set than our synthetic teacher, so trends and sizes compare, not digits.

**Table {{paper_table}}.** The paper's values and ours.

| activation | quantity | batch size | paper | this report |
|---|---|---:|---:|---:|
{{#paper}}
| {{activation}} | {{quantity}} | {{batch}} | {{paper}} | {{ours}} |
{{/paper}}
{{/has_paper}}
{{#has_verdicts}}

**Verdict.** {{{verdict_sentence}}}

**Table {{verdicts_table}}.** Verdicts: {{title}}.

| parametrization | optimizer | claim | measured (95% interval) | theory's band | verdict |
|---|---|---|---:|---:|---|
{{#verdicts}}
| {{parametrization}} | {{optimizer}} | {{claim}} | {{measured}} | {{expected}} | {{mark}} |
{{/verdicts}}
{{/has_verdicts}}
{{/sections}}
{{#has_diagnosis}}

## Per-layer diagnosis and what to change

The spectral condition asks every layer for $\lVert W_l \rVert_{\ast}$ and $\lVert \Delta W_l \rVert_{\ast}$ proportional to $\sqrt{n_l / n_{l-1}}$ (width exponents +½, 0 and −½ for the input, hidden and output layers) and for feature changes $\lVert \Delta h_l \rVert_{\mathrm{RMS}}$ of order one. Table {{diagnosis_table}} gives each layer's measured exponents (effective weights, forward multipliers included); ✓ within ±{{diagnosis_tolerance}} of the target, ✗ not. The records, with intervals, are `diagnosis` in [data/summary.json](data/summary.json).

**Table {{diagnosis_table}}.** Width exponents per layer against the spectral condition (targets: weights and updates, features).

| parametrization | optimizer | layer | kind | targets | ‖W‖∗, init | ‖ΔW‖∗, step 1 | ‖ΔW‖∗, end | RMS of Δh, step 1 | RMS of Δh, end |
|---|---|---:|---|---:|---:|---:|---:|---:|---:|
{{#diagnosis}}
| {{parametrization}} | {{optimizer}} | {{layer}} | {{kind}} | {{target}} | {{weight}} | {{update_first}} | {{update_end}} | {{feature_first}} | {{feature_end}} |
{{/diagnosis}}
{{#has_fixes}}

Where each miss at initialisation and after one step comes from: a layer's own fault, with its part of the joint prescription below, or a consequence of another layer's fault, with no fix of its own (misses at the end of training are in the table):

{{#diagnosis_fix_groups}}
- **{{name}}**: {{count}} miss{{^one}}es{{/one}}, in {{layers}}
{{#fixes}}
  - {{.}}
{{/fixes}}
{{/diagnosis_fix_groups}}
{{/has_fixes}}
{{^has_fixes}}

Every layer of every parametrization meets the condition.
{{/has_fixes}}
{{#has_prescriptions}}

### Prescriptions, verified by training

A mis-scaled layer makes other layers' updates look mis-scaled too, so the fixes are solved jointly from each scheme's width exponents (initialisation, multiplier and learning rate per layer; misses marked "no fix of its own" follow from another layer's fault). Each fixed scheme was trained on the same sweep and diagnosed again; paste its block into an experiment file to use it.

{{#prescriptions}}
**{{parametrization}} ({{optimizer}})**: {{#has_changes}}{{{changes}}}{{#has_equivalent}}, {{equivalent}}{{/has_equivalent}}. {{mark}}: {{{note}}}.{{/has_changes}}{{^has_changes}}nothing to change{{#has_equivalent}} ({{equivalent}}){{/has_equivalent}}; {{{note}}}.{{/has_changes}}

{{#has_toml}}
```toml
{{{toml}}}```

{{/has_toml}}
{{/prescriptions}}
{{#has_prescription_rows}}

**Table {{prescriptions_table}}.** Before and after: each layer's width exponents under the original scheme and under its prescribed fix, trained on the same sweep.

| parametrization | optimizer | layer | kind | ‖W‖∗, before | ‖ΔW‖∗, before | ‖Δh‖ RMS, before | fixed scheme | ‖W‖∗, after | ‖ΔW‖∗, after | ‖Δh‖ RMS, after |
|---|---|---:|---|---:|---:|---:|---|---:|---:|---:|
{{#prescription_rows}}
| {{parametrization}} | {{optimizer}} | {{layer}} | {{kind}} | {{before_weight}} | {{before_update}} | {{before_feature}} | {{fixed}} | {{after_weight}} | {{after_update}} | {{after_feature}} |
{{/prescription_rows}}
{{/has_prescription_rows}}
{{/has_prescriptions}}
{{/has_diagnosis}}

{{#has_differences}}

## Where we differ from the paper

Each line compares a measurement of this report with the paper's value; "differs" where the two are more than a tenth apart or move in different directions.

{{#differences}}
- **{{mark}}**: {{{text}}}
{{/differences}}
{{/has_differences}}

## Caveats

{{#input_layer_note}}
- {{{input_layer_note}}}
{{/input_layer_note}}
- Slopes are read at the first step and at the end separately: after a few steps the standard parametrization can saturate or diverge at large widths.
- {{divergence_rule}}
- The default data set is a synthetic teacher task; run with `--data-dir` for CIFAR-10 or MNIST.

## How to cite

The paper this report reproduces: Greg Yang, James B. Simon and Jeremy Bernstein, [*A Spectral Condition for Feature Learning*](https://arxiv.org/abs/2310.17813), arXiv:2310.17813, 2023.

```bibtex
@article{yang2023spectral,
  title   = {A Spectral Condition for Feature Learning},
  author  = {Yang, Greg and Simon, James B. and Bernstein, Jeremy},
  journal = {arXiv preprint arXiv:2310.17813},
  year    = {2023}
}
```

## How to reproduce

With spectral-report {{provenance.tool_version}}, from the folder that holds the experiment file (the data to replot are in [data/](data/README.md)):

```sh
{{reproduce_command}}
```

---

*Provenance:* spectral-report {{provenance.tool_version}} · experiment {{provenance.experiment}} (sha256 {{provenance.experiment_hash}}) · numerics {{provenance.blas_kernel}} · {{provenance.runs}} training runs ({{provenance.diverged_runs}} diverged) · {{provenance.date}} (date: {{provenance.date_source}}){{#provenance.has_commit}} · commit {{provenance.commit}}{{/provenance.has_commit}}

"""##,
        "style.html.mustache": ##"""
<style>
  :root { color-scheme: light dark; --text: #1d1d1f; --muted: #555; --rule: #ddd; --panel: #fafafa; --head: #f6f6f6; --pass: #1a7f37; --fail: #b3261e; --link: #0b57d0; }
  @media (prefers-color-scheme: dark) {
    :root { --text: #e8e8ea; --muted: #a8a8ad; --rule: #3a3a3f; --panel: #1e1e21; --head: #26262a; --pass: #5bd27c; --fail: #ff7b72; --link: #8ab4f8; }
    body { background: #141416; }
    figure img { background: #fff; }  /* figures keep their white background */
  }
  body { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.55; color: var(--text); max-width: 62rem; margin: 0 auto; padding: 1.5rem; overflow-wrap: break-word; }
  a { color: var(--link); }
  h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
  nav ol { columns: 2; font-size: 0.92rem; padding-left: 1.2rem; } nav { border: 1px solid var(--rule); background: var(--panel); padding: 0.4rem 1rem; margin: 1.2rem 0; }
  .lede { color: var(--muted); } figure { margin: 1.8rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
  /* Each panel alone, for narrow screens; the whole figure everywhere else. */
  .figure-panels { display: none; }
  figcaption { font-size: 0.92rem; margin-top: 0.4rem; } figcaption .links { font-size: 0.85rem; color: var(--muted); }
  .table-scroll { overflow-x: auto; } table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; } th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: right; }
  th { background: var(--head); } td.text, th.text { text-align: left; } td:not(.text), td.pass, td.fail { white-space: nowrap; } .pass { color: var(--pass); font-weight: bold; } .fail { color: var(--fail); font-weight: bold; } .inconclusive { color: var(--muted); font-weight: bold; }
  caption { caption-side: top; text-align: left; font-size: 0.92rem; padding-bottom: 0.3rem; }
  .provenance { font-size: 0.82rem; color: var(--muted); background: var(--panel); border: 1px solid var(--rule); padding: 0.6rem 0.9rem; margin-top: 2.5rem; }
  pre { background: var(--panel); border: 1px solid var(--rule); padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
  /* A math font draws radicals and fractions at text size (DejaVu Sans has no MathML tables). */
  math { font-family: "DejaVu Math TeX Gyre", "STIX Two Math", "Cambria Math", "Latin Modern Math", math; font-size: 1.12em; }
  math mfrac { font-size: 1.05em; } math msqrt > * { padding-top: 0.08em; }
  .caveats li { margin-bottom: 0.3rem; }
  .verdict-groups { display: flex; flex-wrap: wrap; gap: 0.3rem 1.4rem; list-style: none; padding-left: 0; font-size: 0.92rem; }
  details.fixes { margin: 0.3rem 0; } details.fixes summary { cursor: pointer; }
  /* A claim's section reads top to bottom: theory, figures, slopes, verdict. */
  section.claim { border-top: 1px solid var(--rule); } section.claim h2 { border-bottom: none; }
  .theory { border-left: 3px solid var(--rule); padding-left: 0.8rem; }
  .verdict { background: var(--panel); border: 1px solid var(--rule); padding: 0.5rem 0.8rem; font-size: 0.92rem; }
  .fix-summary li { margin-bottom: 0.2rem; }
  @media (max-width: 40rem) {
    /* Code blocks (a prescription's TOML) wrap rather than run off the screen. */
    pre { white-space: pre-wrap; overflow-wrap: anywhere; }
    body { padding: 0.8rem; } table { font-size: 0.8rem; } nav ol { columns: 1; }
    .figure-panels { display: block; } .figure-panels img { display: block; width: 100%; margin-bottom: 0.6rem; }
    figure:has(.figure-panels) .figure-whole { display: none; }
    /* Tables with labelled cells become one card per row: "label: value" lines. */
    table.reflow, table.reflow caption, table.reflow tbody, table.reflow tr, table.reflow td { display: block; width: auto; }
    table.reflow thead { display: none; }
    table.reflow tr { border: 1px solid var(--rule); margin-bottom: 0.6rem; }
    table.reflow td { border: none; border-bottom: 1px solid var(--rule); text-align: left; position: relative; padding-left: 44%; min-height: 1.2em; }
    table.reflow td::before { content: attr(data-label); font-weight: bold; color: var(--muted); position: absolute; left: 0.6rem; width: calc(44% - 1.2rem); overflow-wrap: anywhere; }
  }
  @media print {
    @page { margin: 14mm 12mm; }
    body { max-width: none; color: #000; background: #fff; padding: 0; font-size: 10pt; } nav, .links { display: none; }
    h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
    /* A heading stays with what follows it: the first block after it does not break. */
    h2 + p, h2 + div, h3 + p { break-before: avoid; page-break-before: avoid; }
    /* A claim's verdict stays with its table. */
    p.verdict { break-inside: avoid; break-after: avoid; page-break-after: avoid; }
    /* A claim's theory is read whole, beside its heading. */
    .theory, figcaption { break-inside: avoid; page-break-inside: avoid; }
    /* …and with its first figure: a heading and its theory never end a page alone. */
    .theory { break-after: avoid; page-break-after: avoid; }
    /* A claim's own tables are short (a row per parametrization): each prints on one page. */
    section.claim table { break-inside: avoid; page-break-inside: avoid; }
    /* Code (a prescription's TOML) wraps on paper: no scrolling box, nothing cut off. */
    pre { white-space: pre-wrap; overflow: visible !important; overflow-wrap: anywhere; }
    p.lead-in { break-after: avoid; page-break-after: avoid; }
    /* Paper cannot be clicked: the fixes print open. */
    details::details-content { content-visibility: visible !important; display: block !important; }
    figure, pre, tr { break-inside: avoid; page-break-inside: avoid; }
    caption, thead { break-after: avoid; page-break-after: avoid; }
    .figure-panels { display: none !important; } .figure-whole { display: inline !important; }
    /* Tables print whole: no scrolling box, the page's width, small text that wraps. */
    .table-scroll { overflow: visible !important; }
    table { width: 100%; font-size: 7.5pt; } thead { display: table-header-group; }
    th, td { padding: 0.12rem 0.3rem; overflow-wrap: break-word; } th { hyphens: manual; vertical-align: top; }
    a { color: inherit; text-decoration: none; }
  }
</style>

"""##,
    ]
}
