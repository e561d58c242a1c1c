/**
 * What every package of saved-models shares, below all of them: the error a model that cannot be
 * exported, loaded or trusted is reported with ({@link
 * io.kflo4j.savedmodels.core.SavedModelException}), which the ONNX translation and the trust checks
 * extend without using the package that loads models.
 */
package io.kflo4j.savedmodels.core;
