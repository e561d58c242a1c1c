#!/usr/bin/env python3
"""Second reader of a kflo4j ONNX export: Python's onnxruntime on a CIFAR test set.

Usage: onnx-python-check.py MODEL.onnx cifar10|cifar100 RUN/summary.json [DATA_DIR]
Runs every test image (uint8 NHWC, as the model expects) and prints the top-1 beside the run's own final test top-1
(summary.json's finalTop1). Needs `pip install onnxruntime numpy`. DATA_DIR defaults to ~/.cache/kflo4j/data.
"""
import json
import os
import sys

import numpy as np
import onnxruntime as ort

model, dataset, summary = sys.argv[1], sys.argv[2], sys.argv[3]
data = sys.argv[4] if len(sys.argv) > 4 else os.path.expanduser('~/.cache/kflo4j/data')
if dataset == 'cifar10':
    raw = np.fromfile(os.path.join(data, 'cifar-10-batches-bin', 'test_batch.bin'), np.uint8).reshape(-1, 3073)
    labels, pixels = raw[:, 0], raw[:, 1:]
elif dataset == 'cifar100':
    raw = np.fromfile(os.path.join(data, 'cifar-100-binary', 'test.bin'), np.uint8).reshape(-1, 3074)
    labels, pixels = raw[:, 1], raw[:, 2:]
else:
    sys.exit(f'unknown data set {dataset!r}: expected cifar10 or cifar100')
images = pixels.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
session = ort.InferenceSession(model, providers=['CPUExecutionProvider'])
names = json.loads(session.get_modelmeta().custom_metadata_map['class_names'])
correct = 0
for start in range(0, len(images), 500):
    logits, _, _ = session.run(None, {'images': images[start:start + 500]})
    correct += int((np.argmax(logits, 1) == labels[start:start + 500]).sum())
top1 = correct / len(images)
run = json.load(open(summary))['finalTop1']
print(f'{model}: onnxruntime {ort.__version__} top-1 {top1:.4f} on {len(images)} {dataset} test images '
      f'({len(names)} classes); the run\'s own test top-1 {run:.4f}: {"equal" if abs(top1 - run) < 5e-5 else "DIFFERENT"}')
