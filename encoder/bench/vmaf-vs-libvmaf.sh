#!/usr/bin/env bash
# VMAF speed, side by side: this module's Java VMAF against libvmaf 1.3.7 (the static ffmpeg 4.1 in the npm package
# @ffmpeg-installer/linux-x64@4.1.0) on the same raw 4:2:0 frames, 720p and 1080p, both with the same thread count.
# Also prints both scores so the comparison is of equal work.
#
#   encoder/bench/vmaf-vs-libvmaf.sh [frames=48] [threads=2]      (run from the checkout root; needs npm + python3)
#
# Build the module first: ./mvnw -B -q -o install -pl encoder -DskipTests
set -euo pipefail
FRAMES=${1:-48}
THREADS=${2:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${VMAF_BENCH_DIR:-$ROOT/encoder/target/vmaf-bench}
MODEL_JSON=$ROOT/encoder/src/main/resources/io/streamplane/encoder/vmaf/vmaf_v0.6.1.json
mkdir -p "$WORK"
cd "$WORK"

# libvmaf 1.3.7 from npm (a static ffmpeg inside the package; its install script only sets the mode bit).
if [ ! -x node_modules/@ffmpeg-installer/linux-x64/ffmpeg ]; then
  [ -f package.json ] || npm init -y >/dev/null
  npm install --no-fund --no-audit @ffmpeg-installer/linux-x64@4.1.0 >/dev/null
  chmod u+x node_modules/@ffmpeg-installer/linux-x64/ffmpeg
fi
FF=$WORK/node_modules/@ffmpeg-installer/linux-x64/ffmpeg

# libvmaf 1.3.7 reads a protocol-0 pickle plus a libsvm text file, not the JSON model: write both from the JSON.
python3 - "$MODEL_JSON" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = dict(d["model_dict"])
svm = m.pop("model")
m["feature_names"] = [n.replace("VMAF_integer_feature_", "VMAF_feature_") for n in m["feature_names"]]
m["model"] = None
def enc(v):
    if isinstance(v, dict):
        return "(d" + "".join(enc(k) + enc(x) + "s" for k, x in v.items())
    if isinstance(v, list):
        return "(l" + "".join(enc(x) + "a" for x in v)
    if isinstance(v, str):
        return "S'" + v + "'\n"
    if isinstance(v, float):
        return "F%r\n" % v
    if isinstance(v, int):
        return "I%d\n" % v
    if v is None:
        return "N"
    raise TypeError(type(v))
top = {"param_dict": {k: v for k, v in d["param_dict"].items() if k != "score_transform"}, "model_dict": m}
open("vmaf_v0.6.1.pkl", "w").write(enc(top) + ".")
open("vmaf_v0.6.1.pkl.model", "w").write(svm)
PY

CP=$ROOT/encoder/target/classes:$(cd "$ROOT" && ./mvnw -B -q -o dependency:build-classpath -pl encoder \
  -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime 2>/dev/null)

# Runs a command, then prints its mean VMAF (from the JSON it wrote), wall-clock fps and CPU time per frame (user +
# system of all its processes; comparable even when other work shares the machine).
measure() {
  python3 - "$FRAMES" "$@" <<'PY'
import json, resource, subprocess, sys, time
frames, label, log, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
start = time.time()
subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.time() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
d = json.load(open(log))
scores = [f["metrics"]["vmaf"] for f in d["frames"]] if isinstance(d.get("frames"), list) else [d["vmaf"]["mean"]]
print("%-28s VMAF %.4f  %6.2f fps  %6.1f ms CPU/frame" % (label, sum(scores) / len(scores), frames / wall,
      1000 * (usage.ru_utime + usage.ru_stime) / frames))
PY
}

for SIZE in 1280x720 1920x1080; do
  W=${SIZE%x*}; H=${SIZE#*x}
  REF=ref_${SIZE}_$FRAMES.yuv; DIS=dis_${SIZE}_$FRAMES.yuv
  # Reference: moving test pattern; distorted: a quarter-size x264 encode of it upscaled back (bicubic).
  if [ ! -f $DIS ]; then
    "$FF" -v error -y -f lavfi -i "testsrc2=size=$SIZE:rate=24" -frames:v "$FRAMES" -pix_fmt yuv420p -f rawvideo $REF
    "$FF" -v error -y -f rawvideo -pix_fmt yuv420p -s $SIZE -i $REF -vf scale=$((W/2)):$((H/2)) \
      -c:v libx264 -preset veryfast -crf 30 low_$SIZE.mp4
    "$FF" -v error -y -i low_$SIZE.mp4 -vf scale=$W:$H:flags=bicubic -pix_fmt yuv420p -f rawvideo $DIS
  fi
  echo "== $SIZE, $FRAMES frames, $THREADS threads, load $(cut -d' ' -f1 /proc/loadavg)"
  measure "libvmaf 1.3.7" libvmaf_$SIZE.json "$FF" -hide_banner -loglevel error \
    -f rawvideo -pix_fmt yuv420p -s $SIZE -i $DIS -f rawvideo -pix_fmt yuv420p -s $SIZE -i $REF \
    -lavfi "[0:v][1:v]libvmaf=model_path=vmaf_v0.6.1.pkl:n_threads=$THREADS:log_fmt=json:log_path=libvmaf_$SIZE.json" \
    -f null -
  measure "Java VMAF (incl. JVM start)" java_$SIZE.json sh -c "java -cp '$CP' io.streamplane.encoder.vmaf.VmafCommand \
    --reference $REF --distorted $DIS --width $W --height $H --threads $THREADS > java_$SIZE.json"
done
