"""Simple drawn 'photos' of the demo's places, made with Pillow and no network.

Each picture comes from the place's name alone, so loading the demo twice
draws the same picture.
"""

import hashlib
import io
import random
import textwrap
import unicodedata

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 640, 400
GROUND = 300
SKIES = ("#9fd3f0", "#b8e0f5", "#f6d7b0", "#c9e4f2")
WALLS = ("#c8553d", "#e0a458", "#6a8d73", "#8e7dbe", "#d9c5a0", "#5b8fb9", "#b56576")
ROOFS = ("#3d405b", "#5c3d2e", "#2f4858", "#6b4226")
WINDOW = "#fdf6d8"
DOOR = "#4a2c2a"


def place_photo(name, style):
    """PNG bytes of a friendly drawing of `name`, a building in the given style."""
    seed = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    rng = random.Random(seed)  # noqa: S311 - colours, not secrets
    image = Image.new("RGB", (WIDTH, HEIGHT), rng.choice(SKIES))
    draw = ImageDraw.Draw(image)
    draw.ellipse((520, 30, 580, 90), fill="#ffe08a")  # the Colorado sun
    _mountains(draw, rng)
    draw.rectangle((0, GROUND, WIDTH, HEIGHT), fill="#7fb069")
    DRAWINGS.get(style, _hall)(draw, rng)
    _caption(draw, name)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _mountains(draw, rng):
    x = -40
    while x < WIDTH:
        width = rng.randint(140, 220)
        peak = rng.randint(150, 210)
        draw.polygon([(x, GROUND), (x + width // 2, peak), (x + width, GROUND)], fill="#8a9bb0")
        draw.polygon(
            [
                (x + width // 2 - 18, peak + 22),
                (x + width // 2, peak),
                (x + width // 2 + 18, peak + 22),
            ],
            fill="#ffffff",
        )
        x += width - 40


def _windows(draw, left, top, right, bottom, rows, columns):
    cell_w = (right - left) / columns
    cell_h = (bottom - top) / rows
    for row in range(rows):
        for column in range(columns):
            x = left + column * cell_w + cell_w * 0.25
            y = top + row * cell_h + cell_h * 0.25
            draw.rectangle((x, y, x + cell_w * 0.5, y + cell_h * 0.45), fill=WINDOW)


def _door(draw, centre, width=34, height=56):
    draw.rectangle((centre - width // 2, GROUND - height, centre + width // 2, GROUND), fill=DOOR)


def _center(draw, rng):
    wall = rng.choice(WALLS)
    draw.rectangle((110, 170, 530, GROUND), fill=wall)
    draw.rectangle((110, 160, 530, 178), fill=rng.choice(ROOFS))
    _windows(draw, 120, 185, 520, 250, 2, 8)
    _door(draw, 320, 60, 50)


def _church(draw, rng):
    wall = rng.choice(WALLS)
    roof = rng.choice(ROOFS)
    draw.rectangle((200, 190, 440, GROUND), fill=wall)
    draw.polygon([(190, 190), (320, 120), (450, 190)], fill=roof)
    draw.rectangle((300, 80, 340, 190), fill=wall)
    draw.polygon([(294, 80), (320, 40), (346, 80)], fill=roof)
    draw.ellipse((305, 140, 335, 170), fill=WINDOW)
    _windows(draw, 210, 205, 430, 250, 1, 4)
    _door(draw, 320)


def _library(draw, rng):
    wall = rng.choice(WALLS)
    draw.rectangle((150, 180, 490, GROUND), fill=wall)
    draw.polygon([(140, 180), (320, 130), (500, 180)], fill=rng.choice(ROOFS))
    for x in range(175, 480, 50):
        draw.rectangle((x, 190, x + 14, GROUND - 10), fill="#efe9dd")
    draw.rectangle((140, GROUND - 10, 500, GROUND), fill="#efe9dd")
    _door(draw, 320, 40, 60)


def _clinic(draw, rng):
    draw.rectangle((170, 140, 470, GROUND), fill="#e8eef2")
    draw.rectangle((170, 130, 470, 145), fill=rng.choice(WALLS))
    _windows(draw, 180, 150, 460, 250, 3, 6)
    draw.rectangle((260, 250, 380, 262), fill=rng.choice(WALLS))  # the canopy
    _door(draw, 320, 70, 38)


def _school(draw, rng):
    draw.rectangle((80, 190, 560, GROUND), fill=rng.choice(WALLS))
    draw.rectangle((80, 180, 560, 195), fill=rng.choice(ROOFS))
    _windows(draw, 90, 200, 550, 250, 1, 10)
    _door(draw, 320, 50, 48)
    draw.line((600, GROUND, 600, 150), fill="#555555", width=3)


def _hall(draw, rng):
    draw.rectangle((180, 190, 460, GROUND), fill=rng.choice(WALLS))
    draw.polygon([(165, 190), (320, 135), (475, 190)], fill=rng.choice(ROOFS))
    _windows(draw, 190, 205, 450, 250, 1, 5)
    _door(draw, 320)


def _house(draw, rng):
    draw.rectangle((230, 200, 420, GROUND), fill=rng.choice(WALLS))
    draw.polygon([(215, 200), (325, 140), (435, 200)], fill=rng.choice(ROOFS))
    _windows(draw, 240, 212, 410, 255, 1, 3)
    _door(draw, 325, 30, 45)
    draw.rectangle((380, 150, 396, 180), fill="#7a4b3a")  # chimney


def _cafe(draw, rng):
    draw.rectangle((190, 170, 450, GROUND), fill=rng.choice(WALLS))
    stripe = rng.choice(WALLS)
    for index, x in enumerate(range(190, 450, 26)):
        draw.rectangle((x, 215, x + 26, 235), fill=stripe if index % 2 else "#ffffff")
    draw.rectangle((205, 240, 300, GROUND - 8), fill=WINDOW)
    _door(draw, 360, 40, 60)


def _park(draw, rng):
    for x in (110, 190, 470, 540):
        draw.rectangle((x - 6, 240, x + 6, GROUND), fill="#6b4226")
        draw.ellipse((x - 40, 170, x + 40, 250), fill="#3f7d4e")
    draw.polygon([(240, 210), (320, 165), (400, 210)], fill=rng.choice(ROOFS))
    for x in (255, 385):
        draw.rectangle((x - 4, 210, x + 4, GROUND), fill="#6b4226")
    draw.rectangle((270, 260, 370, 270), fill="#8b5a2b")  # the picnic table


def _area(draw, rng):
    # Somewhere in the metro rather than one building: a small skyline.
    x = 120
    while x < 520:
        width = rng.randint(30, 60)
        top = rng.randint(150, 240)
        draw.rectangle((x, top, x + width, GROUND), fill=rng.choice(ROOFS))
        _windows(draw, x + 4, top + 8, x + width - 4, GROUND - 10, 4, 2)
        x += width + rng.randint(4, 14)


DRAWINGS = {
    "center": _center,
    "church": _church,
    "library": _library,
    "clinic": _clinic,
    "school": _school,
    "hall": _hall,
    "house": _house,
    "cafe": _cafe,
    "park": _park,
    "area": _area,
}


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType draws a fixed bitmap font
        return ImageFont.load_default()


def _caption(draw, name):
    draw.rectangle((0, HEIGHT - 78, WIDTH, HEIGHT), fill="#1f2a36")
    # Pillow's bundled font has no accented letters; a system font would, but
    # would also make the picture differ from machine to machine.
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    lines = textwrap.wrap(plain, width=42)[:2]
    font = _font(24)
    y = HEIGHT - 70 if len(lines) == 2 else HEIGHT - 54
    for line in lines:
        draw.text((24, y), line, fill="#ffffff", font=font)
        y += 30
