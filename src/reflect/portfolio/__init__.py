"""Portfolio exports: what a regulator or an appraiser asks to see (the NMC reflective account and
discussion form, the Social Work England CPD record, an appraisal evidence pack, a signed
supervision record or agreement), each written once as a Document (reflect.portfolio.document)
and rendered as Markdown, DOCX or a tagged PDF.

Layers: document (pure), content and forms (pure, content from frameworks/portfolio.yaml),
render_* (one per format), workbook (reads the store). The pages and `reflect portfolio` use
reflect.portfolio.exports.
"""
