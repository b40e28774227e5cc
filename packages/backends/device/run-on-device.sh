#!/usr/bin/env bash
# Runs on the GPU machine (device tool), from the repository root, with packages/backends/device/.carry carried:
#   bash packages/backends/device/run-on-device.sh
# Unpacks Node, Dawn and the Vulkan loader, runs gpu-bench-entry (webgpu through Dawn, stock vs our kernels) and
# pytorch_reference.py in the same call, sampling GPU memory with nvidia-smi; results land in $OUT.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
carry="$here/.carry"
OUT="${OUT:-/tmp/spinedx-gpu-out}"
mkdir -p "$OUT" /tmp/spinedx-node /tmp/spinedx-vulkan

xz -dc "$carry/node.xz" > /tmp/spinedx-node/node && chmod +x /tmp/spinedx-node/node
xz -dc "$carry/app/node_modules/webgpu/dist/linux-x64/dawn.node.xz" > "$carry/app/node_modules/webgpu/dist/linux-x64/dawn.node"
# The Vulkan loader and libglvnd (the NVIDIA ICD, libGLX_nvidia, needs libGLdispatch).
for deb in "$carry"/*.deb; do dpkg -x "$deb" /tmp/spinedx-vulkan; done
export LD_LIBRARY_PATH="/tmp/spinedx-vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] || icd="$(find / -name 'nvidia_icd*.json' -not -path '/proc/*' 2>/dev/null | head -1)"
export VK_DRIVER_FILES="$icd" XDG_RUNTIME_DIR=/tmp
{ echo "node $(/tmp/spinedx-node/node --version)"; echo "icd $icd"; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader; } | tee "$OUT/environment.txt"

nvidia-smi --query-gpu=timestamp,memory.used --format=csv,noheader -lms 250 > "$OUT/nvidia-smi-memory.csv" &
sampler=$!
(cd "$carry/app" && timeout 280 /tmp/spinedx-node/node gpu-bench.mjs "$OUT/webgpu.json") 2>&1 | tee "$OUT/webgpu.log"
echo "webgpu exit ${PIPESTATUS[0]}"
echo "pytorch start $(date -u +%FT%T.%3NZ)" >> "$OUT/webgpu.log"
PYTHONUNBUFFERED=1 timeout 90 python3 "$here/pytorch_reference.py" "$OUT/pytorch.json" > "$OUT/pytorch.log" 2>&1
echo "pytorch exit $?"
kill "$sampler"
tail -c 1500 "$OUT/pytorch.log"
