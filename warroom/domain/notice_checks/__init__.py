"""The notice linter, split by idea: rule book, text helpers, and the checks by what they test.

``warroom.domain.checks`` is the front door (``check_draft``) and re-exports the names other
code uses; the modules here hold the parts: ``rulebook`` (rules as data, legal or house),
``text`` (finding sentences, headings, channels, numbers and dates in a draft), ``registry``
(what a check is), ``content`` (facts, phrases, counts, dates, advice), ``form`` (title,
headings, lengths, reading level) and ``channels`` (official contact details only).
"""
