"""Image files for the upload tests and bench/uploads.py: a legal huge photo, animation bombs
written without holding their frames in memory, and image/JavaScript polyglots."""

import io
import struct
import zlib

from PIL import Image, ImageCms

SCRIPT = b"<script>alert(document.cookie)</script>//"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><secret>GPS 31.2N</secret>'
XMP += b"</rdf:Description></rdf:RDF></x:xmpmeta>"


def photo_jpeg(width=6324, height=6324, quality=85):
    """A JPEG of ``width``×``height`` (6324² is just under 40 megapixels) with enough detail
    to look like a photo yet under 10 MB; built in stripes, never more than a stripe decoded
    at once beyond the canvas itself."""
    canvas = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 10)
    image = Image.merge("RGB", (canvas, noise, canvas.transpose(Image.Transpose.FLIP_TOP_BOTTOM)))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def _gif_frame_block(width, height, color):
    """The image descriptor and LZW data of one ``width``×``height`` frame of palette index
    ``color``, as Pillow writes them."""
    out = io.BytesIO()
    Image.new("P", (width, height), color).save(out, format="GIF")
    data = out.getvalue()
    flags = data[10]
    table = 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0
    return data[data.index(b"\x2c", 13 + table) : -1]


def gif_bomb(width=6000, height=6000, frames=60):
    """An animated GIF of ``frames`` full frames of ``width``×``height`` (the issue's bomb:
    6000×6000, 60 frames, about 1.6 MB), written by hand: one frame encoded, repeated."""
    palette = bytes(c for i in range(256) for c in (i, 255 - i, (i * 7) % 256))
    blocks = [_gif_frame_block(width, height, color) for color in (1, 2)]
    out = io.BytesIO()
    out.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF7, 0, 0) + palette)
    out.write(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")  # loop forever
    for index in range(frames):
        out.write(b"\x21\xf9\x04\x04" + struct.pack("<H", 10) + b"\x00\x00")  # 100 ms, no disposal
        out.write(blocks[index % 2])
    out.write(b"\x3b")
    return out.getvalue()


def animated_gif(width=320, height=180, frames=12, comment=None):
    """A small, legal animated GIF (a moving bar), optionally with a comment extension."""
    images = []
    for index in range(frames):
        frame = Image.new("P", (width, height), 0)
        frame.putpalette([0, 0, 0, 255, 80, 40, 40, 200, 90] + [0] * 759)
        frame.paste(1 + index % 2, (index * width // frames, 0, index * width // frames + 20, height))
        images.append(frame)
    out = io.BytesIO()
    params = {"comment": comment} if comment else {}
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=80, loop=0, **params)
    return out.getvalue()


def _insert_after_soi(jpeg, *segments):
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def _segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_polyglot(size=(64, 48)):
    """A JPEG that is also a script: JavaScript in a COM segment, in XMP (APP1), in EXIF, and
    after the ICC profile (APP2)."""
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    exif[0x0112] = 1
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + SCRIPT
    params = {"exif": exif.tobytes(), "icc_profile": icc}
    Image.new("RGB", size, (30, 120, 200)).save(out, format="JPEG", quality=90, **params)
    return _insert_after_soi(
        out.getvalue(),
        _segment(0xFE, b"*/=1;" + SCRIPT),
        _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + XMP + SCRIPT),
    )


def gif_polyglot():
    """GIF89a that a browser would also run as JavaScript (``GIF89a=…``), with the script in a
    comment extension, an XMP application extension and an unknown one."""
    out = io.BytesIO()
    Image.new("P", (16, 16), 3).save(out, format="GIF")
    gif = out.getvalue()
    comment = b"\x21\xfe" + bytes([len(SCRIPT)]) + SCRIPT + b"\x00"
    xmp = b"\x21\xff\x0bXMP DataXMP" + _sub_blocks(XMP + SCRIPT) + b"\x00"
    other = b"\x21\xff\x0bEVILSCRIPT1" + _sub_blocks(SCRIPT) + b"\x00"
    cut = gif.index(b"\x2c")
    return gif[:cut] + comment + xmp + other + gif[cut:-1] + comment + b"\x3b"


def _sub_blocks(data):
    return b"".join(bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255))


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_polyglot():
    """A PNG with the script in tEXt, zTXt, iTXt (XMP) chunks and an EXIF chunk."""
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (10, 20, 30, 128)).save(out, format="PNG")
    png = out.getvalue()
    chunks = _png_chunk(b"tEXt", b"Comment\x00" + SCRIPT)
    chunks += _png_chunk(b"zTXt", b"Author\x00\x00" + zlib.compress(SCRIPT))
    chunks += _png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + XMP + SCRIPT)
    cut = png.index(b"IDAT") - 4
    return png[:cut] + chunks + png[cut:]


def webp_polyglot():
    """A WebP with the script in its EXIF and XMP chunks."""
    exif = Image.Exif()
    exif[0x010E] = SCRIPT.decode()
    out = io.BytesIO()
    Image.new("RGB", (24, 24), (200, 10, 10)).save(out, format="WEBP", exif=exif.tobytes(), xmp=XMP + SCRIPT)
    return out.getvalue()
