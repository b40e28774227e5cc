import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
tf.env().set('PROD', true);
await tf.setBackend('wasm');
const cases = {
  conv_s1: () => { const x = tf.randomNormal([2,8,8,3]); const w = tf.variable(tf.randomNormal([3,3,3,4])); return [w, () => tf.sum(tf.conv2d(x, w, 1, 'same'))]; },
  conv_s2_pool_bn_relu_add_mean: () => { const x = tf.randomNormal([2,9,9,3]); const w = tf.variable(tf.randomNormal([3,3,3,4])); const g = tf.variable(tf.ones([4])); const b = tf.variable(tf.zeros([4]));
    return [w, () => { let y = tf.conv2d(x, w, 2, 'same'); const m = tf.moments(y,[0,1,2]); y = tf.batchNorm(y, m.mean, m.variance, b, g, 1e-5); y = tf.relu(y); y = tf.add(y, tf.maxPool(y,3,1,'same')); return tf.mean(y); }]; },
  fused_conv: () => { const x = tf.randomNormal([2,8,8,3]); const w = tf.variable(tf.randomNormal([3,3,3,4])); const b = tf.variable(tf.zeros([4])); return [w, () => tf.sum(tf.fused.conv2d({x, filter: w, bias: b, activation: 'relu', strides: 2, pad: 'same'}))]; },
  depthwise: () => { const x = tf.variable(tf.randomNormal([2,8,8,4])); const w = tf.variable(tf.randomNormal([3,3,4,1])); return [w, () => tf.sum(tf.depthwiseConv2d(x, w, 2, 'same'))]; },
  silu_se: () => { const x = tf.variable(tf.randomNormal([2,8,8,4])); const w = tf.variable(tf.randomNormal([4,2]));
    return [w, () => { const a = tf.mul(x, tf.sigmoid(x)); const s = tf.mean(a,[1,2]); const e = tf.sigmoid(tf.matMul(tf.relu(tf.matMul(s, w)), tf.transpose(w))); return tf.sum(tf.mul(a, tf.reshape(e,[2,1,1,4]))); }]; },
  layernorm_gelu_bmm_softmax: () => { const x = tf.variable(tf.randomNormal([2,5,8])); 
    return [x, () => { const m = tf.moments(x,-1,true); let y = tf.div(tf.sub(x,m.mean), tf.sqrt(tf.add(m.variance,1e-5))); y = tf.mul(tf.mul(y,0.5), tf.add(1, tf.erf(tf.div(y, Math.SQRT2)))); const att = tf.softmax(tf.matMul(y,y,false,true)); return tf.sum(tf.matMul(att,y)); }]; },
  gather: () => { const t = tf.variable(tf.randomNormal([7,4])); const idx = tf.tensor1d([0,3,3,6,1],'int32'); return [t, () => tf.sum(tf.square(tf.gather(t, idx)))]; },
  gather_axis1: () => { const t = tf.variable(tf.randomNormal([3,7,4])); const idx = tf.tensor2d([[0,3],[3,6]],[2,2],'int32'); return [t, () => tf.sum(tf.square(tf.gather(t, idx, 1)))]; },
  avgpool_strided_slice_pad_concat: () => { const x = tf.variable(tf.randomNormal([2,8,8,4])); return [x, () => tf.sum(tf.concat([tf.avgPool(x,2,2,'valid'), tf.stridedSlice(tf.pad(x,[[0,0],[1,1],[1,1],[0,0]]),[0,0,0,0],[2,8,8,4],[1,2,2,1])], 3))]; },
  tile_transpose_softmaxce: () => { const x = tf.variable(tf.randomNormal([4,3])); const lab = tf.oneHot(tf.tensor1d([0,1,2,1],'int32'),3); return [x, () => tf.losses.softmaxCrossEntropy(lab, tf.tile(tf.transpose(x),[1,1]).transpose())]; },
};
for (const [name, make] of Object.entries(cases)) {
  const [v, f] = make();
  try { const { value, grads } = tf.variableGrads(f); await Promise.all(Object.values(grads).map(g => g.data())); console.log(name, 'ok'); }
  catch (e) { console.log(name, 'FAIL', e.message.slice(0, 150)); }
}
