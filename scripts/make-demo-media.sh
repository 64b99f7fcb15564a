#!/usr/bin/env bash
# Generates the small looping demo clips and posters under public/media/clips/.
# Output is committed, so every clip stays tiny: 2.5 s, 360x640 portrait, H.264 baseline,
# yuv420p, faststart, no audio. Products reference /media/clips/clip-N.{mp4,jpg}.
set -euo pipefail

command -v ffmpeg >/dev/null || { echo "ffmpeg is required (apt-get install -y ffmpeg)" >&2; exit 1; }

out="$(cd "$(dirname "$0")/.." && pwd)/public/media/clips"
mkdir -p "$out"

W=360 H=640 FPS=24 DUR=2.5

# One lavfi source graph per clip; each ends in a 360x640 frame stream.
sources=(
  # 1: deep zoom into the Mandelbrot set, warm palette
  "mandelbrot=s=${W}x${H}:r=${FPS}:start_scale=2.5:end_scale=0.6:outer=normalized_iteration_count,hue=h=20"
  # 2: slow aurora gradient sweep
  "gradients=s=${W}x${H}:r=${FPS}:c0=0x1e3a8a:c1=0x7c3aed:c2=0xdb2777:c3=0x0ea5e9:n=4:speed=0.04"
  # 3: Conway's life in teal on midnight, upscaled for chunky cells
  "life=s=45x80:r=${FPS}:ratio=0.35:mold=8:life_color=0x2dd4bf:death_color=0x0f172a:mold_color=0x134e4a,scale=${W}:${H}:flags=neighbor"
  # 4: rule-110 cellular automaton scrolling up, tinted amber
  "cellauto=s=45x80:r=${FPS}:rule=110:random_fill_ratio=0.5:scroll=1,scale=${W}:${H}:flags=neighbor,colorchannelmixer=rr=1:gg=0.7:bb=0.2"
  # 5: sunset gradient with a floating product card
  "gradients=s=${W}x${H}:r=${FPS}:c0=0xf97316:c1=0xfde047:n=2:speed=0.06,drawbox=x=70:y='200+20*sin(2*PI*t/2.5)':w=220:h=220:color=white@0.85:t=fill,drawbox=x=100:y='230+20*sin(2*PI*t/2.5)':w=160:h=160:color=0xea580c@0.9:t=fill"
  # 6: soft colour test pattern cycling through hues (one full turn per loop)
  "testsrc2=s=${W}x${H}:r=${FPS},boxblur=8,hue=h='360*t/2.5':s=0.8"
  # 7: concentric rings pulsing outwards
  "nullsrc=s=${W}x${H}:r=${FPS},geq=r='128+127*sin(hypot(X-180,Y-320)/14-2*PI*T/2.5)':g='96+80*sin(hypot(X-180,Y-320)/20-2*PI*T/2.5+2)':b='200+55*cos(hypot(X-180,Y-320)/30-2*PI*T/2.5)'"
  # 8: mint gradient with a rotating hue and a sliding shelf
  "gradients=s=${W}x${H}:r=${FPS}:c0=0x10b981:c1=0x064e3b:n=2:speed=0.05,drawbox=x='-200+560*t/2.5':y=420:w=200:h=24:color=white@0.7:t=fill"
)

for i in "${!sources[@]}"; do
  n=$((i + 1))
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "${sources[$i]}" -t "$DUR" -an \
    -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryslow -crf 32 \
    -maxrate 400k -bufsize 800k -g 60 -movflags +faststart \
    "$out/clip-$n.mp4"
  ffmpeg -hide_banner -loglevel error -y -i "$out/clip-$n.mp4" -frames:v 1 -q:v 9 "$out/clip-$n.jpg"
done

ls -l "$out"
du -sh "$out"
