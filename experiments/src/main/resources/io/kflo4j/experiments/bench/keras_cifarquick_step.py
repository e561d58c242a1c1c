# Keras 3 / TensorFlow Cifar-quick training step (plain; the same network as torch_cifarquick_step.py and kflo4j's
# cifar-quick: three 5x5 convs without bias, each followed by batch norm and ReLU, max then average pooling 3/2,
# fc 576-64-10), for side-by-side step-time comparisons with `kflo bench train --vs-keras` on the same machine.
# The step is the usual Keras one: a tf.function around GradientTape, SGD with momentum 0.9, NHWC, 2 threads.
# Usage: python3 keras_cifarquick_step.py RHO STEPS [PROFILE]   (RHO 0 = plain, the only one; a python with tensorflow
# and keras, e.g. tensorflow-cpu 2.21 / Keras 3: scripts/keras-yardstick.sh makes one). PROFILE > 0 then traces that
# many steps with TensorFlow's profiler and prints where a step's time goes by executed op type, as
# `kflo bench train --profile` does for kflo4j's step.
import os, sys, time
if int(sys.argv[1]) != 0:
    sys.exit("keras_cifarquick_step.py times the plain network only: RHO must be 0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf
import keras
from keras import layers

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(2)
steps = int(sys.argv[2])
batch = 128


def conv_block(x, filters, pool):
    x = layers.Conv2D(filters, 5, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-5)(x)
    x = layers.ReLU()(x)
    return pool(pool_size=3, strides=2)(x)


inputs = keras.Input((32, 32, 3))
x = conv_block(inputs, 32, layers.MaxPooling2D)
x = conv_block(x, 32, layers.AveragePooling2D)
x = conv_block(x, 64, layers.AveragePooling2D)
x = layers.Flatten()(x)
x = layers.Dense(64, activation="relu")(x)
model = keras.Model(inputs, layers.Dense(10)(x))
optimizer = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = loss_fn(labels, model(images, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


images = tf.random.uniform((batch, 32, 32, 3))
labels = tf.random.uniform((batch,), maxval=10, dtype=tf.int32)
for _ in range(5):
    train_step(images, labels).numpy()
start = time.time()
for _ in range(steps):
    loss = train_step(images, labels)
loss.numpy()
ms = (time.time() - start) / steps * 1000
print(f"keras plain {ms:.1f} ms/step {batch * 1000 / ms:.0f} img/s (tensorflow {tf.__version__}, keras {keras.__version__})")


def profile(traced):
    """Op time per step by executed kernel type, from the profiler's trace of the TensorFlow executor threads."""
    import collections, glob, tempfile
    from tensorflow.tsl.profiler.protobuf import xplane_pb2
    logdir = tempfile.mkdtemp(prefix="kflo-keras-profile-")
    tf.profiler.experimental.start(logdir)
    for _ in range(traced):
        train_step(images, labels).numpy()
    tf.profiler.experimental.stop()
    space = xplane_pb2.XSpace()
    with open(glob.glob(logdir + "/**/*.xplane.pb", recursive=True)[0], "rb") as trace:
        space.ParseFromString(trace.read())
    totals = collections.defaultdict(lambda: [0, 0])
    for plane in space.planes:
        for line in plane.lines:
            if line.name.startswith("tf_Compute"):
                for event in line.events:
                    name = plane.event_metadata[event.metadata_id].name  # "node:OpType" for an op
                    if ":" in name and "::" not in name:
                        totals[name.rsplit(":", 1)[1]][0] += 1
                        totals[name.rsplit(":", 1)[1]][1] += event.duration_ps
    total = sum(picoseconds for _, picoseconds in totals.values())
    print(f"profile of keras plain: {total / 1e9 / traced:.1f} ms of node time per step")
    print(f"{'op type':36s} {'nodes':>6s} {'ms/step':>10s} {'share':>7s}")
    for op, (nodes, picoseconds) in sorted(totals.items(), key=lambda item: -item[1][1]):
        if picoseconds >= 0.005 * total:
            print(f"{op:36s} {nodes // traced:6d} {picoseconds / 1e9 / traced:10.2f} {100 * picoseconds / total:6.1f}%")


if len(sys.argv) > 3 and int(sys.argv[3]) > 0:
    profile(int(sys.argv[3]))
