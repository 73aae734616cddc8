from tests.importers.test_word_round_trips import negotiation, redline_docx, redline_document, imports, Import
def test_dbg(negotiation, secretariat_officer):
    data = redline_docx(redline_document(negotiation))
    open("/tmp/wt/redline.docx","wb").write(data)
    staged = imports.stage(negotiation, user=secretariat_officer, kind=Import.Kind.WORD_CHANGES, data=data, filename="r.docx")
    for a, f in staged.plan["authors"].items():
        print(a, len(f["entries"]), f["conflicts"])
        for c in f["comments"]: print("   ", c["label"], c.get("amendment"), c["parent"], repr(c["anchor"][:50]), c["text"][:40])
