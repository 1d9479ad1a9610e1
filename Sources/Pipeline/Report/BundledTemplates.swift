// Generated from templates/*.mustache by .ci/generate-bundled-templates;
// a test checks that the two stay identical.

/// The default templates, built in so the tool works away from a checkout.
enum BundledTemplates {
    static let files: [String: String] = [
        "figure.html.mustache": ##"""
<figure id="{{id}}">
<img src="{{image}}" alt="{{alt}}" width="{{width}}" height="{{height}}">
<figcaption><strong>{{title}}.</strong> {{caption}}{{#slopes_text}} {{slopes_text}}{{/slopes_text}}
<span class="links">{{#link_files}}[<a href="{{svg}}">SVG</a> · <a href="{{csv}}">CSV</a>]{{/link_files}}</span></figcaption>
</figure>

"""##,
        "figure.md.mustache": ##"""
{{% CONTENT_TYPE: TEXT}}
![{{alt}}]({{png}})

**{{title}}.** {{caption}}{{#slopes_text}} {{slopes_text}}{{/slopes_text}} ([SVG]({{svg}}) · [CSV]({{csv}}))

"""##,
        "provenance.html.mustache": ##"""
<footer class="provenance">
<strong>Provenance.</strong> spectral-report {{provenance.tool_version}} · experiment {{provenance.experiment}} (sha256 {{provenance.experiment_hash}}) ·
OpenBLAS kernel {{provenance.blas_kernel}} · {{provenance.runs}} training runs ({{provenance.diverged_runs}} diverged) · {{provenance.date}}
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
<style>
  body { font-family: "DejaVu Sans", system-ui, sans-serif; line-height: 1.55; color: #1d1d1f; max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
  h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
  .lede { color: #444; } figure { margin: 1.8rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
  figcaption { font-size: 0.92rem; color: #333; margin-top: 0.4rem; } figcaption .links { font-size: 0.85rem; color: #666; }
  table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; } th, td { border: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: right; }
  th { background: #f6f6f6; } td.text, th.text { text-align: left; } .pass { color: #1a7f37; font-weight: bold; } .fail { color: #b3261e; font-weight: bold; }
  .provenance { font-size: 0.82rem; color: #555; background: #fafafa; border: 1px solid #eee; padding: 0.6rem 0.9rem; margin-top: 2.5rem; }
  math { font-size: 1.05em; } .caveats li { margin-bottom: 0.3rem; }
  @media (max-width: 40rem) { body { padding: 0.8rem; } table { font-size: 0.8rem; } }
</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
{{#quick}}<p class="lede"><em>Quick preset: reduced widths, seeds and steps.</em></p>{{/quick}}
{{#description_paragraphs}}<p class="lede">{{.}}</p>
{{/description_paragraphs}}
</header>

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
</section>

{{#has_verdicts}}
<section id="verdicts">
<h2>Verdicts</h2>
<table>
<thead><tr><th class="text">parametrization</th><th class="text">claim</th><th>measured</th><th>expected</th><th class="text">verdict</th></tr></thead>
<tbody>
{{#verdicts}}<tr><td class="text">{{parametrization}}</td><td class="text">{{claim}}</td><td>{{measured}}</td><td>{{expected}}</td><td class="text {{class}}">{{mark}}</td></tr>
{{/verdicts}}
</tbody>
</table>
</section>
{{/has_verdicts}}

<section id="figures">
<h2>Figures</h2>
{{#figures}}
{{> figure.html}}
{{/figures}}
</section>

{{#has_exponents}}
<section id="exponents">
<h2>Measured width exponents</h2>
{{#exponents_caption}}<p><strong>{{exponents_caption}}</strong></p>{{/exponents_caption}}
<p>Least-squares slopes of log(quantity) against log(width) over the widths of the sweep, with 95% intervals; theory for hidden layers from the paper.</p>
<table>
<thead><tr><th class="text">parametrization</th><th class="text">quantity</th><th>layer</th><th>step</th><th>slope</th><th>± 95%</th><th>theory</th></tr></thead>
<tbody>
{{#exponents}}<tr><td class="text">{{parametrization}}</td><td class="text">{{quantity}}</td><td>{{layer}}</td><td>{{step}}</td><td>{{slope}}</td><td>{{ci95}}</td><td>{{theory}}</td></tr>
{{/exponents}}
</tbody>
</table>
</section>
{{/has_exponents}}

{{#has_transfer}}
<section id="transfer">
<h2>Learning-rate transfer</h2>
{{#transfer_caption}}<p><strong>{{transfer_caption}}</strong></p>{{/transfer_caption}}
<table>
<thead><tr><th class="text">parametrization</th><th>width</th><th>best learning rate</th><th>final loss</th></tr></thead>
<tbody>
{{#transfer}}<tr><td class="text">{{parametrization}}</td><td>{{width}}</td><td>{{best_learning_rate}}</td><td>{{final_loss}}</td></tr>
{{/transfer}}
</tbody>
</table>
</section>
{{/has_transfer}}

<section id="caveats">
<h2>Caveats</h2>
<ul class="caveats">
<li>Widths are finite: the standard parametrization's feature slope bends below ½ at these sizes, as the paper's own measurements do.</li>
<li>After a few steps the standard parametrization saturates or diverges at large widths, so slopes are read at the first step and at the end separately.</li>
<li>The default data set is a synthetic teacher task; run with <code>--data-dir</code> for CIFAR-10 or MNIST.</li>
</ul>
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

## What the spectral condition says

Take an MLP with weight matrices $W_l \in \mathbb{R}^{n_l \times n_{l-1}}$. Features learn at every width when each hidden feature and its change after a step have entries of size one: $\|h_l\|_2 = \Theta(\sqrt{n_l})$ and $\|\Delta h_l\|_2 = \Theta(\sqrt{n_l})$. Yang, Simon and Bernstein show this holds when every weight matrix and every update has spectral norm $\|W_l\|_* = \Theta(\sqrt{n_l / n_{l-1}})$ and $\|\Delta W_l\|_* = \Theta(\sqrt{n_l / n_{l-1}})$. Updates are low-rank and aligned with the incoming features, so the spectral norm — not the Frobenius norm or the size of entries — decides how far features move. The standard parametrization breaks the condition (hidden updates grow like $\sqrt{n}$), the NTK parametrization shrinks updates like $n^{-1/2}$ so features freeze, and the spectral parametrization (μP) keeps both at order one.
{{#has_verdicts}}

## Verdicts

| parametrization | claim | measured | expected | verdict |
|---|---|---:|---:|---|
{{#verdicts}}
| {{parametrization}} | {{claim}} | {{measured}} | {{expected}} | {{mark}} |
{{/verdicts}}
{{/has_verdicts}}

## Figures
{{#figures}}

{{> figure.md}}
{{/figures}}
{{#has_exponents}}

## Measured width exponents
{{#exponents_caption}}

**{{exponents_caption}}**
{{/exponents_caption}}

Least-squares slopes of log(quantity) against log(width), with 95% intervals; theory for hidden layers from the paper.

| parametrization | quantity | layer | step | slope | ± 95% | theory |
|---|---|---:|---:|---:|---:|---:|
{{#exponents}}
| {{parametrization}} | {{quantity}} | {{layer}} | {{step}} | {{slope}} | {{ci95}} | {{theory}} |
{{/exponents}}
{{/has_exponents}}
{{#has_transfer}}

## Learning-rate transfer
{{#transfer_caption}}

**{{transfer_caption}}**
{{/transfer_caption}}

| parametrization | width | best learning rate | final loss |
|---|---:|---:|---:|
{{#transfer}}
| {{parametrization}} | {{width}} | {{best_learning_rate}} | {{final_loss}} |
{{/transfer}}
{{/has_transfer}}

## Caveats

- Widths are finite: the standard parametrization's feature slope bends below ½ at these sizes, as the paper's own measurements do.
- After a few steps the standard parametrization saturates or diverges at large widths, so slopes are read at the first step and at the end separately.
- The default data set is a synthetic teacher task; run with `--data-dir` for CIFAR-10 or MNIST.

---

*Provenance:* spectral-report {{provenance.tool_version}} · experiment {{provenance.experiment}} (sha256 {{provenance.experiment_hash}}) · OpenBLAS kernel {{provenance.blas_kernel}} · {{provenance.runs}} training runs ({{provenance.diverged_runs}} diverged) · {{provenance.date}}

"""##,
    ]
}
