#!/usr/bin/env bash
# Makes the Python for `kflo bench train --vs-keras`: a virtual environment with TensorFlow (CPU) and Keras 3.
# Usage: scripts/keras-yardstick.sh [DIR]   (default DIR: ~/.cache/kflo4j/keras-venv); then
#        ./kflo bench train --vs-keras --keras-python DIR/bin/python
# Wheels come from $KFLO_WHEELS (a folder of wheels, e.g. a local mirror) when set or /opt/pypi/files exists,
# else from the package index pip is configured for. TENSORFLOW names the version (default tensorflow-cpu==2.21.0).
set -euo pipefail
dir="${1:-$HOME/.cache/kflo4j/keras-venv}"
package="${TENSORFLOW:-tensorflow-cpu==2.21.0}"
wheels="${KFLO_WHEELS:-/opt/pypi/files}"
python3 -m venv "$dir"
if [ -d "$wheels" ]; then
  "$dir/bin/pip" install --quiet --no-index --find-links "$wheels" "$package"
else
  "$dir/bin/pip" install --quiet "$package"
fi
"$dir/bin/python" -c 'import tensorflow as tf, keras; print("tensorflow", tf.__version__, "keras", keras.__version__)'
echo "kflo bench train --vs-keras --keras-python $dir/bin/python"
