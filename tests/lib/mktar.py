#!/usr/bin/env python3
"""mktar.py OUT.tar FORMAT SPEC...: writes a tar with exactly the entries
given, in order, for golden tests that need what a directory cannot
hold: hardlinks to chosen targets, names that are not UTF-8, "..", long
names in PAX or GNU form. FORMAT is gnu, pax or ustar. Each SPEC is

  f:PATH=TEXT      regular file (TEXT with \\n escapes; @FILE reads FILE)
  d:PATH           directory
  l:PATH=TARGET    symbolic link
  h:PATH=TARGET    hardlink
  t:PATH=SIZE      regular file whose header claims SIZE bytes but has
                   fewer (to make data run past the end)

PATH may hold \\xHH escapes for arbitrary bytes."""
import io
import sys
import tarfile


def raw(s):
    return s.encode("latin-1").decode("unicode_escape").encode("latin-1")


def main():
    out, fmt, specs = sys.argv[1], sys.argv[2], sys.argv[3:]
    form = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT,
            "ustar": tarfile.USTAR_FORMAT}[fmt]
    buf = io.BytesIO()
    cut = None
    tf = tarfile.open(fileobj=buf, mode="w", format=form,
                      encoding="utf-8", errors="surrogateescape")
    for spec in specs:
        kind, rest = spec.split(":", 1)
        path, _, val = rest.partition("=")
        name = raw(path).decode("utf-8", "surrogateescape")
        ti = tarfile.TarInfo(name)
        ti.mtime = 0
        ti.mode = 0o755 if kind == "d" else 0o644
        data = b""
        if kind == "f" or kind == "t":
            if val.startswith("@"):
                with open(val[1:], "rb") as fp:
                    data = fp.read()
            else:
                data = raw(val)
            ti.size = len(data)
        elif kind == "d":
            ti.type = tarfile.DIRTYPE
        elif kind == "l":
            ti.type = tarfile.SYMTYPE
            ti.linkname = raw(val).decode("utf-8", "surrogateescape")
        elif kind == "h":
            ti.type = tarfile.LNKTYPE
            ti.linkname = raw(val).decode("utf-8", "surrogateescape")
        if kind == "t":
            ti.size = int(val)
            tf.addfile(ti, io.BytesIO(b"x" * ti.size))
            start = buf.tell() - (ti.size + 511) // 512 * 512
            cut = start + ti.size // 2
            continue
        tf.addfile(ti, io.BytesIO(data) if ti.size else None)
    tf.close()
    data = buf.getvalue()
    if cut is not None:
        data = data[:cut]       # the promised data runs past the end
    with open(out, "wb") as fp:
        fp.write(data)


main()
