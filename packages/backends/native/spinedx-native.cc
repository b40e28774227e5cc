// Native kernels for the SpineDx TensorFlow.js backends: convolutions and matrix products on oneDNN (the library
// PyTorch's CPU convolutions run on), and plain loops for the memory-bound operations around them (reductions, batch
// norm, element-wise arithmetic, data movement). Tensors arrive as Float32Array views (on the wasm backend, views of
// its heap, so nothing is copied); every layout is tfjs's: NHWC activations, [kh, kw, in, out] filters, [kh, kw,
// channels, multiplier] depthwise filters. Each entry point checks its buffers against the geometry before touching them.
#include <node_api.h>
#include <omp.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "oneapi/dnnl/dnnl.hpp"

namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

dnnl::engine &cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

struct ArgumentError {
  std::string message;
};

// ---------------------------------------------------------------------------------------------------------------
// Argument reading
// ---------------------------------------------------------------------------------------------------------------

struct FloatView {
  float *data = nullptr;
  size_t length = 0;
};

struct IntView {
  int32_t *data = nullptr;
  size_t length = 0;
};

// The data of a typed array of `expected` type, or ArgumentError naming `name` and `type_name`.
template <typename View>
View read_typed_array(napi_env env, napi_value value, const char *name, napi_typedarray_type expected, const char *type_name) {
  bool is_typed_array = false;
  napi_is_typedarray(env, value, &is_typed_array);
  napi_typedarray_type array_type = expected;
  size_t length = 0;
  void *data = nullptr;
  napi_value buffer;
  size_t offset;
  if (is_typed_array) napi_get_typedarray_info(env, value, &array_type, &length, &data, &buffer, &offset);
  if (!is_typed_array || array_type != expected) throw ArgumentError{std::string(name) + " must be " + type_name};
  return {static_cast<decltype(View::data)>(data), length};
}

FloatView read_floats(napi_env env, napi_value value, const char *name, bool optional = false) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (optional && (type == napi_null || type == napi_undefined)) return {};
  return read_typed_array<FloatView>(env, value, name, napi_float32_array, "a Float32Array");
}

IntView read_int32s(napi_env env, napi_value value, const char *name) {
  return read_typed_array<IntView>(env, value, name, napi_int32_array, "an Int32Array");
}

std::vector<int64_t> read_integers(napi_env env, napi_value value, const char *name, size_t expected) {
  bool is_array = false;
  napi_is_array(env, value, &is_array);
  if (!is_array) throw ArgumentError{std::string(name) + " must be an array of integers"};
  uint32_t length;
  napi_get_array_length(env, value, &length);
  if (length != expected) throw ArgumentError{std::string(name) + " must have " + std::to_string(expected) + " entries"};
  std::vector<int64_t> result(length);
  for (uint32_t index = 0; index < length; index++) {
    napi_value element;
    napi_get_element(env, value, index, &element);
    double number;
    if (napi_get_value_double(env, element, &number) != napi_ok || number != static_cast<double>(static_cast<int64_t>(number)))
      throw ArgumentError{std::string(name) + " must be an array of integers"};
    result[index] = static_cast<int64_t>(number);
  }
  return result;
}

double read_number(napi_env env, napi_value value, const char *name) {
  double number;
  if (napi_get_value_double(env, value, &number) != napi_ok) throw ArgumentError{std::string(name) + " must be a number"};
  return number;
}

// The length (1 to 8) of the shape array the rank-generic kernels take first.
uint32_t read_rank(napi_env env, napi_value value, const char *kernel) {
  bool is_array = false;
  napi_is_array(env, value, &is_array);
  uint32_t rank = 0;
  if (is_array) napi_get_array_length(env, value, &rank);
  if (rank < 1 || rank > 8) throw ArgumentError{std::string(kernel) + " takes ranks 1 to 8"};
  return rank;
}

// Element offset of row `row` of a row-major walk over dims[0 .. rank - 2] (the last axis is the row itself):
// Σ coordinate · stride over those axes.
inline int64_t row_offset(int64_t row, int64_t rank, const int64_t *dims, const int64_t *strides) {
  int64_t offset = 0;
  for (int64_t axis = rank - 2; axis >= 0; axis--) {
    offset += (row % dims[axis]) * strides[axis];
    row /= dims[axis];
  }
  return offset;
}

void require_length(const FloatView &view, int64_t needed, const char *name) {
  if (view.data == nullptr || static_cast<int64_t>(view.length) < needed)
    throw ArgumentError{std::string(name) + " holds " + std::to_string(view.length) + " values, needs " + std::to_string(needed)};
}

// ---------------------------------------------------------------------------------------------------------------
// Activations fused after a convolution or matrix product (codes shared with native-kernels.ts)
// ---------------------------------------------------------------------------------------------------------------

dnnl::primitive_attr activation_attributes(int code, float alpha) {
  dnnl::primitive_attr attributes;
  dnnl::post_ops operations;
  switch (code) {
    case 0: break;  // linear
    case 1: operations.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); break;
    case 2: operations.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, 0.f, 6.f); break;  // relu6
    case 3: operations.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 1.f, 0.f); break;
    case 4: operations.append_eltwise(1.f, dnnl::algorithm::eltwise_logistic, 0.f, 0.f); break;  // sigmoid
    case 5: operations.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, alpha, 0.f); break;  // leaky relu
    default: throw ArgumentError{"unknown activation code " + std::to_string(code)};
  }
  attributes.set_post_ops(operations);
  return attributes;
}

// ---------------------------------------------------------------------------------------------------------------
// Convolution geometry: [batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight,
// filterWidth, groups, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padBottom, padLeft, padRight]
// groups is 1 (ordinary convolution) or inChannels (depthwise, outChannels = inChannels × multiplier).
// ---------------------------------------------------------------------------------------------------------------

struct Geometry {
  int64_t batch, in_height, in_width, in_channels, out_height, out_width, out_channels, filter_height, filter_width,
      groups, stride_height, stride_width, dilation_height, dilation_width, pad_top, pad_bottom, pad_left, pad_right;

  int64_t input_size() const { return batch * in_height * in_width * in_channels; }
  int64_t output_size() const { return batch * out_height * out_width * out_channels; }
  int64_t filter_size() const { return filter_height * filter_width * in_channels * (out_channels / groups); }

  memory::desc input_desc() const { return memory::desc({batch, in_channels, in_height, in_width}, dt::f32, tag::nhwc); }
  memory::desc output_desc() const { return memory::desc({batch, out_channels, out_height, out_width}, dt::f32, tag::nhwc); }
  memory::desc any_filter_desc() const {
    if (groups == 1) return memory::desc({out_channels, in_channels, filter_height, filter_width}, dt::f32, tag::any);
    return memory::desc({groups, out_channels / groups, 1, filter_height, filter_width}, dt::f32, tag::any);
  }
  // tfjs's filter layout described by strides, so oneDNN reorders straight from (or to) it.
  memory::desc user_filter_desc() const {
    const int64_t tap = in_channels * (out_channels / groups);
    if (groups == 1)
      return memory::desc({out_channels, in_channels, filter_height, filter_width}, dt::f32,
                          memory::dims{1, out_channels, filter_width * tap, tap});
    const int64_t multiplier = out_channels / groups;
    return memory::desc({groups, multiplier, 1, filter_height, filter_width}, dt::f32,
                        memory::dims{multiplier, 1, tap, filter_width * tap, tap});
  }
  memory::dims strides() const { return {stride_height, stride_width}; }
  memory::dims dilations() const { return {dilation_height - 1, dilation_width - 1}; }
  memory::dims padding_low() const { return {pad_top, pad_left}; }
  memory::dims padding_high() const { return {pad_bottom, pad_right}; }
};

Geometry read_geometry(napi_env env, napi_value value) {
  const auto numbers = read_integers(env, value, "geometry", 18);
  Geometry g{numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], numbers[7], numbers[8],
             numbers[9], numbers[10], numbers[11], numbers[12], numbers[13], numbers[14], numbers[15], numbers[16], numbers[17]};
  for (size_t index = 0; index < 14; index++)
    if (numbers[index] < 1) throw ArgumentError{"geometry sizes, strides and dilations must be positive"};
  if (g.groups != 1 && (g.groups != g.in_channels || g.out_channels % g.groups != 0))
    throw ArgumentError{"groups must be 1 or the input channel count (depthwise)"};
  if (g.pad_top < 0 || g.pad_left < 0) throw ArgumentError{"leading padding must not be negative"};
  // The output size must follow from the input, filter, stride, dilation and padding (oneDNN checks it too).
  const int64_t effective_height = (g.filter_height - 1) * g.dilation_height + 1;
  const int64_t effective_width = (g.filter_width - 1) * g.dilation_width + 1;
  if ((g.in_height + g.pad_top + g.pad_bottom - effective_height) / g.stride_height + 1 != g.out_height ||
      (g.in_width + g.pad_left + g.pad_right - effective_width) / g.stride_width + 1 != g.out_width)
    throw ArgumentError{"output size does not match input, filter, strides, dilations and padding"};
  return g;
}

// Runs `primitive` on one stream and waits, so the caller's buffers are free again on return.
void execute(const dnnl::primitive &primitive, const std::unordered_map<int, memory> &arguments) {
  dnnl::stream stream(cpu_engine());
  primitive.execute(stream, arguments);
  stream.wait();
}

memory reordered(const memory &source, const memory::desc &wanted) {
  if (source.get_desc() == wanted) return source;
  memory target(wanted, cpu_engine());
  execute(dnnl::reorder(source, target), {{DNNL_ARG_FROM, source}, {DNNL_ARG_TO, target}});
  return target;
}

dnnl::convolution_forward::primitive_desc forward_descriptor(const Geometry &g, dnnl::prop_kind kind, bool with_bias,
                                                             const dnnl::primitive_attr &attributes) {
  // A zero memory descriptor is oneDNN's "no bias".
  const memory::desc bias = with_bias ? memory::desc({g.out_channels}, dt::f32, tag::x) : memory::desc();
  return {dnnl::convolution_forward::desc(kind, dnnl::algorithm::convolution_direct, g.input_desc(), g.any_filter_desc(), bias,
                                          g.output_desc(), g.strides(), g.dilations(), g.padding_low(), g.padding_high()),
          attributes, cpu_engine()};
}

// A filter reordered into the layout a forward convolution wants, kept between calls: reordering ResNet34's 21 M
// weights took about a third of a batch-1 forward pass. The JS side keeps one per filter tensor (whose values never
// change: tfjs tensors are immutable) and lets V8 free it with the tensor's data id.
struct FilterCache {
  memory::desc layout;
  memory reordered;
  size_t bytes = 0;
};

FilterCache *read_filter_cache(napi_env env, napi_value value) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (type == napi_null || type == napi_undefined) return nullptr;
  if (type != napi_external) throw ArgumentError{"filterCache must come from createFilterCache()"};
  void *data = nullptr;
  napi_get_value_external(env, value, &data);
  return static_cast<FilterCache *>(data);
}

napi_value create_filter_cache(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_external(
      env, new FilterCache(),
      [](napi_env finalizing_env, void *data, void *) {
        auto *cache = static_cast<FilterCache *>(data);
        int64_t adjusted;
        napi_adjust_external_memory(finalizing_env, -static_cast<int64_t>(cache->bytes), &adjusted);
        delete cache;
      },
      nullptr, &result);
  return result;
}

// convolutionForward(geometry, input, filter, bias | null, activationCode, activationAlpha, output, filterCache | null)
void convolution_forward(napi_env env, napi_value *args) {
  const Geometry g = read_geometry(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView filter = read_floats(env, args[2], "filter");
  const FloatView bias = read_floats(env, args[3], "bias", true);
  const int activation = static_cast<int>(read_number(env, args[4], "activation"));
  const float alpha = static_cast<float>(read_number(env, args[5], "activationAlpha"));
  const FloatView output = read_floats(env, args[6], "output");
  FilterCache *cache = read_filter_cache(env, args[7]);
  require_length(input, g.input_size(), "input");
  require_length(filter, g.filter_size(), "filter");
  if (bias.data != nullptr) require_length(bias, g.out_channels, "bias");
  require_length(output, g.output_size(), "output");

  const auto descriptor =
      forward_descriptor(g, dnnl::prop_kind::forward_inference, bias.data != nullptr, activation_attributes(activation, alpha));
  memory input_memory(g.input_desc(), cpu_engine(), input.data);
  memory output_memory(g.output_desc(), cpu_engine(), output.data);
  memory filter_memory;
  if (cache != nullptr && cache->bytes > 0 && cache->layout == descriptor.weights_desc()) {
    filter_memory = cache->reordered;
  } else {
    filter_memory = reordered(memory(g.user_filter_desc(), cpu_engine(), filter.data), descriptor.weights_desc());
    // Only a copy is worth keeping: when no reorder was needed the memory is the caller's own buffer.
    if (cache != nullptr && filter_memory.get_data_handle() != filter.data) {
      int64_t adjusted;
      napi_adjust_external_memory(env, static_cast<int64_t>(descriptor.weights_desc().get_size()) - static_cast<int64_t>(cache->bytes), &adjusted);
      cache->layout = descriptor.weights_desc();
      cache->reordered = filter_memory;
      cache->bytes = descriptor.weights_desc().get_size();
    }
  }
  std::unordered_map<int, memory> arguments{
      {DNNL_ARG_SRC, input_memory}, {DNNL_ARG_WEIGHTS, filter_memory}, {DNNL_ARG_DST, output_memory}};
  if (bias.data != nullptr) arguments.insert({DNNL_ARG_BIAS, memory({{g.out_channels}, dt::f32, tag::x}, cpu_engine(), bias.data)});
  execute(dnnl::convolution_forward(descriptor), arguments);
}

// convolutionBackwardData(geometry, outputGradient, filter, inputGradient)
void convolution_backward_data(napi_env env, napi_value *args) {
  const Geometry g = read_geometry(env, args[0]);
  const FloatView output_gradient = read_floats(env, args[1], "outputGradient");
  const FloatView filter = read_floats(env, args[2], "filter");
  const FloatView input_gradient = read_floats(env, args[3], "inputGradient");
  require_length(output_gradient, g.output_size(), "outputGradient");
  require_length(filter, g.filter_size(), "filter");
  require_length(input_gradient, g.input_size(), "inputGradient");

  const auto hint = forward_descriptor(g, dnnl::prop_kind::forward_training, false, {});
  const dnnl::convolution_backward_data::primitive_desc descriptor(
      dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, g.input_desc(), g.any_filter_desc(),
                                            g.output_desc(), g.strides(), g.dilations(), g.padding_low(), g.padding_high()),
      cpu_engine(), hint);
  memory filter_memory = reordered(memory(g.user_filter_desc(), cpu_engine(), filter.data), descriptor.weights_desc());
  execute(dnnl::convolution_backward_data(descriptor),
          {{DNNL_ARG_DIFF_DST, memory(g.output_desc(), cpu_engine(), output_gradient.data)},
           {DNNL_ARG_WEIGHTS, filter_memory},
           {DNNL_ARG_DIFF_SRC, memory(g.input_desc(), cpu_engine(), input_gradient.data)}});
}

// convolutionBackwardFilter(geometry, input, outputGradient, filterGradient)
void convolution_backward_filter(napi_env env, napi_value *args) {
  const Geometry g = read_geometry(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView output_gradient = read_floats(env, args[2], "outputGradient");
  const FloatView filter_gradient = read_floats(env, args[3], "filterGradient");
  require_length(input, g.input_size(), "input");
  require_length(output_gradient, g.output_size(), "outputGradient");
  require_length(filter_gradient, g.filter_size(), "filterGradient");

  const auto hint = forward_descriptor(g, dnnl::prop_kind::forward_training, false, {});
  const dnnl::convolution_backward_weights::primitive_desc descriptor(
      dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, g.input_desc(), g.any_filter_desc(),
                                               g.output_desc(), g.strides(), g.dilations(), g.padding_low(), g.padding_high()),
      cpu_engine(), hint);
  memory user_filter(g.user_filter_desc(), cpu_engine(), filter_gradient.data);
  const bool direct = descriptor.diff_weights_desc() == g.user_filter_desc();
  memory gradient_memory = direct ? user_filter : memory(descriptor.diff_weights_desc(), cpu_engine());
  execute(dnnl::convolution_backward_weights(descriptor),
          {{DNNL_ARG_SRC, memory(g.input_desc(), cpu_engine(), input.data)},
           {DNNL_ARG_DIFF_DST, memory(g.output_desc(), cpu_engine(), output_gradient.data)},
           {DNNL_ARG_DIFF_WEIGHTS, gradient_memory}});
  if (!direct)
    execute(dnnl::reorder(gradient_memory, user_filter), {{DNNL_ARG_FROM, gradient_memory}, {DNNL_ARG_TO, user_filter}});
}

// ---------------------------------------------------------------------------------------------------------------
// matrixProduct(dimensions, a, b, bias | null, activationCode, activationAlpha, output)
// dimensions: [batchA, batchB, rows, inner, columns, transposeA, transposeB]; batchA and batchB are equal or one is 1
// (broadcast). a is [batchA, rows, inner] ([batchA, inner, rows] when transposed), b is [batchB, inner, columns]
// ([batchB, columns, inner] when transposed), bias has `columns` values, output is [max batch, rows, columns].
// ---------------------------------------------------------------------------------------------------------------

void matrix_product(napi_env env, napi_value *args) {
  const auto d = read_integers(env, args[0], "dimensions", 7);
  const int64_t batch_a = d[0], batch_b = d[1], rows = d[2], inner = d[3], columns = d[4];
  const bool transpose_a = d[5] != 0, transpose_b = d[6] != 0;
  for (size_t index = 0; index < 5; index++)
    if (d[index] < 1) throw ArgumentError{"matrix dimensions must be positive"};
  if (batch_a != batch_b && batch_a != 1 && batch_b != 1) throw ArgumentError{"batch sizes must be equal or one of them 1"};
  const int64_t batch = batch_a > batch_b ? batch_a : batch_b;
  const FloatView a = read_floats(env, args[1], "a");
  const FloatView b = read_floats(env, args[2], "b");
  const FloatView bias = read_floats(env, args[3], "bias", true);
  const int activation = static_cast<int>(read_number(env, args[4], "activation"));
  const float alpha = static_cast<float>(read_number(env, args[5], "activationAlpha"));
  const FloatView output = read_floats(env, args[6], "output");
  require_length(a, batch_a * rows * inner, "a");
  require_length(b, batch_b * inner * columns, "b");
  if (bias.data != nullptr) require_length(bias, columns, "bias");
  require_length(output, batch * rows * columns, "output");

  // A product with no activation, with or without a bias: oneDNN's sgemm, which packs and blocks for small row
  // counts (a transformer's tokens) faster than the matmul primitive on plain layouts (three times for a plain
  // 49x768x3072 product) and was as fast or faster for every MViTv2 shape up to 25,088 rows, biased or not. A bias is
  // written into the output first and accumulated onto.
  if (activation == 0) {
    for (int64_t index = 0; index < batch; index++) {
      const float *a_matrix = a.data + (batch_a == 1 ? 0 : index) * rows * inner;
      const float *b_matrix = b.data + (batch_b == 1 ? 0 : index) * inner * columns;
      float *c_matrix = output.data + index * rows * columns;
      if (bias.data != nullptr) {
#pragma omp parallel for schedule(static) if (rows * columns > 65536)
        for (int64_t row = 0; row < rows; row++) std::memcpy(c_matrix + row * columns, bias.data, columns * sizeof(float));
      }
      const dnnl_status_t status = dnnl_sgemm(transpose_a ? 'T' : 'N', transpose_b ? 'T' : 'N', rows, columns, inner, 1.f, a_matrix,
                                              transpose_a ? rows : inner, b_matrix, transpose_b ? inner : columns,
                                              bias.data != nullptr ? 1.f : 0.f, c_matrix, columns);
      if (status != dnnl_success) throw dnnl::error(status, "sgemm failed");
    }
    return;
  }
  const memory::desc a_desc({batch_a, rows, inner}, dt::f32,
                            transpose_a ? memory::dims{rows * inner, 1, rows} : memory::dims{rows * inner, inner, 1});
  const memory::desc b_desc({batch_b, inner, columns}, dt::f32,
                            transpose_b ? memory::dims{inner * columns, 1, inner} : memory::dims{inner * columns, columns, 1});
  const memory::desc output_desc({batch, rows, columns}, dt::f32, tag::abc);
  const memory::desc bias_desc = bias.data != nullptr ? memory::desc({1, 1, columns}, dt::f32, tag::abc) : memory::desc();
  const dnnl::matmul::primitive_desc descriptor(dnnl::matmul::desc(a_desc, b_desc, bias_desc, output_desc),
                                                activation_attributes(activation, alpha), cpu_engine());
  std::unordered_map<int, memory> arguments{{DNNL_ARG_SRC, memory(a_desc, cpu_engine(), a.data)},
                                            {DNNL_ARG_WEIGHTS, memory(b_desc, cpu_engine(), b.data)},
                                            {DNNL_ARG_DST, memory(output_desc, cpu_engine(), output.data)}};
  if (bias.data != nullptr) arguments.insert({DNNL_ARG_BIAS, memory(bias_desc, cpu_engine(), bias.data)});
  execute(dnnl::matmul(descriptor), arguments);
}

// ---------------------------------------------------------------------------------------------------------------
// Memory-bound kernels that dominate a training step once the convolutions are native: per-channel reductions
// (batch-norm statistics and their gradients, global pooling), batch normalisation and the max-pool gradient.
// Plain loops the compiler vectorises, split over OpenMP threads.
// ---------------------------------------------------------------------------------------------------------------

// Loops compiled for AVX-512, AVX2 and plain x86-64, the right one picked when the addon loads.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define SPINEDX_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SPINEDX_VECTOR_CLONES
#endif

// e^x for x ≤ 0 to float32 accuracy, in a form the compiler vectorises (libm's expf is a call per value):
// x = n·ln2 + r with |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial, 2^n through the exponent bits.
inline float exp_non_positive(float x) {
  x = x < -87.f ? -87.f : x;
  const float n = std::nearbyint(x * 1.44269504088896341f);
  const float r = x - n * 0.693145751953125f - n * 1.428606765330187045e-06f;
  float p = 1.f / 720.f;
  p = p * r + 1.f / 120.f;
  p = p * r + 1.f / 24.f;
  p = p * r + 1.f / 6.f;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  int32_t bits;
  const int32_t exponent = (static_cast<int32_t>(n) + 127) << 23;
  std::memcpy(&bits, &exponent, sizeof bits);
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// e^x for any x: e^x for x ≤ 0, 1 / e^−x above (∞ past float32's range, as expf).
inline float exp_any(float x) {
  if (x > 88.72283935546875f) return std::numeric_limits<float>::infinity();
  return x <= 0.f ? exp_non_positive(x) : 1.f / exp_non_positive(-x);
}

// σ(x) = 1 / (1 + e^−x) for x ≥ 0 and e^x / (1 + e^x) for x < 0: e of a non-positive number either way.
inline float sigmoid_of(float x) {
  const float e = exp_non_positive(x < 0.f ? x : -x);
  return x < 0.f ? e / (1.f + e) : 1.f / (1.f + e);
}

// Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7), the formula tfjs's own Erf kernels use.
inline float error_function_of(float x) {
  const float magnitude = x < 0.f ? -x : x;
  const float t = 1.f / (1.f + 0.3275911f * magnitude);
  const float polynomial = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
  const float value = 1.f - polynomial * exp_non_positive(-magnitude * magnitude);
  return x < 0.f ? -value : value;
}

// Exact GELU, x Φ(x) with Φ(x) = (1 + erf(x / √2)) / 2, and its derivative Φ(x) + x φ(x), φ(x) = e^(−x²/2) / √(2π).
inline float gelu_of(float x) { return x * 0.5f * (1.f + error_function_of(x * 0.70710678118654752f)); }
inline float gelu_derivative_of(float x) {
  return 0.5f * (1.f + error_function_of(x * 0.70710678118654752f)) + x * 0.39894228040143268f * exp_non_positive(-0.5f * x * x);
}

// Σ values[0 .. count) in double: eight partial sums break the chain of dependent additions, so the loop vectorises.
inline double sum_of(const float *values, int64_t count) {
  double partial[8] = {0};
  int64_t index = 0;
  for (; index + 8 <= count; index += 8)
    for (int lane = 0; lane < 8; lane++) partial[lane] += values[index + lane];
  double sum = 0;
  for (; index < count; index++) sum += values[index];
  for (int lane = 0; lane < 8; lane++) sum += partial[lane];
  return sum;
}

// sums[i] = Σ_r rows[r · stride + i] for i < width, in double.
SPINEDX_VECTOR_CLONES void sum_rows(const float *rows, int64_t count, int64_t stride, int64_t width, double *sums) {
  for (int64_t i = 0; i < width; i++) sums[i] = 0;
  for (int64_t r = 0; r < count; r++)
    for (int64_t i = 0; i < width; i++) sums[i] += rows[r * stride + i];
}

// reduceSum(shape [outer, reduced, inner], input, scale, output): output[o, i] = scale · Σ_r input[o, r, i],
// accumulated in double (as tfjs's JS kernels do) so long reductions keep float32 accuracy.
void reduce_sum(napi_env env, napi_value *args) {
  const auto shape = read_integers(env, args[0], "shape", 3);
  const int64_t outer = shape[0], reduced = shape[1], inner = shape[2];
  if (outer < 1 || reduced < 1 || inner < 1) throw ArgumentError{"reduction shape must be positive"};
  const FloatView input = read_floats(env, args[1], "input");
  const double scale = read_number(env, args[2], "scale");
  const FloatView output = read_floats(env, args[3], "output");
  require_length(input, outer * reduced * inner, "input");
  require_length(output, outer * inner, "output");
  if (inner == 1) {
    // Along contiguous rows (a layer norm's last axis).
#pragma omp parallel for schedule(static) if (outer * reduced > 65536)
    for (int64_t o = 0; o < outer; o++) output.data[o] = static_cast<float>(sum_of(input.data + o * reduced, reduced) * scale);
    return;
  }
  // Rows read whole and in order (a strided walk down one column block at a time ran at a third of the memory's
  // speed): each task sums a chunk of rows into double accumulators for a block of columns, and the chunks' sums
  // are added in a fixed order, so the result does not depend on the thread count.
  constexpr int64_t row_chunk = 1024, column_block = 2048;
  const int64_t chunks = (reduced + row_chunk - 1) / row_chunk, blocks = (inner + column_block - 1) / column_block;
  std::vector<double> partial(chunks > 1 ? outer * chunks * inner : 0);
  const float *in = input.data;
  float *out = output.data;
#pragma omp parallel for schedule(static) if (outer * reduced * inner > 65536)
  for (int64_t task = 0; task < outer * chunks * blocks; task++) {
    const int64_t o = task / (chunks * blocks), chunk = task / blocks % chunks, first = task % blocks * column_block;
    const int64_t width = first + column_block < inner ? column_block : inner - first;
    const int64_t first_row = chunk * row_chunk, last_row = first_row + row_chunk < reduced ? first_row + row_chunk : reduced;
    double sums[column_block];
    sum_rows(in + (o * reduced + first_row) * inner + first, last_row - first_row, inner, width, sums);
    if (chunks == 1) {
      for (int64_t i = 0; i < width; i++) out[o * inner + first + i] = static_cast<float>(sums[i] * scale);
    } else {
      std::memcpy(partial.data() + (o * chunks + chunk) * inner + first, sums, width * sizeof(double));
    }
  }
  if (chunks == 1) return;
#pragma omp parallel for schedule(static) if (outer * inner > 65536)
  for (int64_t index = 0; index < outer * inner; index++) {
    const int64_t o = index / inner, i = index % inner;
    double sum = 0;
    for (int64_t chunk = 0; chunk < chunks; chunk++) sum += partial[(o * chunks + chunk) * inner + i];
    out[index] = static_cast<float>(sum * scale);
  }
}

// The channel count of a kernel over the last axis: a positive integer.
int64_t read_channels(napi_env env, napi_value value) {
  const int64_t channels = static_cast<int64_t>(read_number(env, value, "channels"));
  if (channels < 1) throw ArgumentError{"channels must be positive"};
  return channels;
}

// The rows of `channels` values in `input`, which must hold a whole number of them.
int64_t rows_of(const FloatView &input, int64_t channels) {
  if (input.length % channels != 0) throw ArgumentError{"input size must be a multiple of channels"};
  return static_cast<int64_t>(input.length) / channels;
}

// batchNormalize(channels, input, mean, variance, offset | null, scale | null, epsilon, output): the last axis is the
// channel; output = (input − mean) · scale / √(variance + ε) + offset, as one multiply-add per value.
void batch_normalize(napi_env env, napi_value *args) {
  const int64_t channels = read_channels(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView mean = read_floats(env, args[2], "mean");
  const FloatView variance = read_floats(env, args[3], "variance");
  const FloatView offset = read_floats(env, args[4], "offset", true);
  const FloatView scale = read_floats(env, args[5], "scale", true);
  const double epsilon = read_number(env, args[6], "epsilon");
  const FloatView output = read_floats(env, args[7], "output");
  const int64_t rows = rows_of(input, channels);
  for (const auto *parameter : {&mean, &variance}) require_length(*parameter, channels, "batch-norm parameter");
  if (offset.data != nullptr) require_length(offset, channels, "offset");
  if (scale.data != nullptr) require_length(scale, channels, "scale");
  require_length(output, static_cast<int64_t>(input.length), "output");
  std::vector<float> multiplier(channels), shift(channels);
  for (int64_t c = 0; c < channels; c++) {
    const double factor = (scale.data != nullptr ? scale.data[c] : 1.0) / std::sqrt(static_cast<double>(variance.data[c]) + epsilon);
    multiplier[c] = static_cast<float>(factor);
    shift[c] = static_cast<float>((offset.data != nullptr ? offset.data[c] : 0.0) - mean.data[c] * factor);
  }
  const float *in = input.data;
  float *out = output.data;
  const float *a = multiplier.data(), *b = shift.data();
#pragma omp parallel for schedule(static)
  for (int64_t row = 0; row < rows; row++) {
    const float *source = in + row * channels;
    float *target = out + row * channels;
    for (int64_t c = 0; c < channels; c++) target[c] = source[c] * a[c] + b[c];
  }
}

// Σ (values[i] − center)² over [0, count) in double, with the partial sums of sum_of.
inline double squared_deviation_sum(const float *values, int64_t count, double center) {
  double partial[8] = {0};
  int64_t index = 0;
  for (; index + 8 <= count; index += 8)
    for (int lane = 0; lane < 8; lane++) {
      const double deviation = values[index + lane] - center;
      partial[lane] += deviation * deviation;
    }
  double sum = 0;
  for (; index < count; index++) sum += (values[index] - center) * (values[index] - center);
  for (int lane = 0; lane < 8; lane++) sum += partial[lane];
  return sum;
}

// A row's mean and 1 / √(biased variance + ε), in double (two passes over the row).
struct RowMoments {
  double mean, inverse_deviation;
};
inline RowMoments row_moments(const float *x, int64_t channels, double epsilon) {
  const double mean = sum_of(x, channels) / channels;
  return {mean, 1.0 / std::sqrt(squared_deviation_sum(x, channels, mean) / channels + epsilon)};
}

// layerNorm(channels, input, weight, bias, epsilon, output): each row of `channels` values (the last axis) becomes
// (x − mean) / √(var + ε) · weight + bias with the row's mean and biased variance (two passes, in double): one pass
// over memory instead of the six of the composite (mean, subtract, square, mean, scale, shift).
SPINEDX_VECTOR_CLONES void layer_norm_rows(const float *in, const float *weight, const float *bias, double epsilon, float *out, int64_t rows, int64_t channels) {
#pragma omp parallel for schedule(static) if (rows * channels > 65536)
  for (int64_t row = 0; row < rows; row++) {
    const float *x = in + row * channels;
    float *y = out + row * channels;
    const auto [mean, inverse_deviation] = row_moments(x, channels, epsilon);
    // The deviation in double: a float32 mean is off by half an ulp of the values, much of a narrow row's spread.
    for (int64_t c = 0; c < channels; c++) y[c] = static_cast<float>((x[c] - mean) * inverse_deviation) * weight[c] + bias[c];
  }
}

// Two double sums per channel for each OpenMP thread (a thread's block starts at block(thread)), so that threads
// summing their own rows never share an accumulator; totals() adds the blocks into the first and returns it.
class PerThreadSums {
 public:
  explicit PerThreadSums(int64_t channels)
      : threads_(omp_get_max_threads()), channels_(channels), values_(static_cast<size_t>(threads_) * 2 * channels, 0.0) {}
  double *data() { return values_.data(); }
  const double *totals() {
    for (int thread = 1; thread < threads_; thread++)
      for (int64_t index = 0; index < 2 * channels_; index++) values_[index] += values_[thread * 2 * channels_ + index];
    return values_.data();
  }

 private:
  int threads_;
  int64_t channels_;
  std::vector<double> values_;
};

// The LayerNorm backward pass with the row statistics recomputed from the input, where xhat = (x − mean) / √(var + ε)
// and g = dy · weight: dx = (g − mean(g) − xhat · mean(g · xhat)) / √(var + ε) per row, dweight = Σ_rows dy · xhat and
// dbias = Σ_rows dy, each thread summing its rows in double before the threads' sums are added.
SPINEDX_VECTOR_CLONES void layer_norm_gradient_rows(const float *dy, const float *in, const float *weight, double epsilon, float *dx, double *sums, int64_t rows, int64_t channels) {
  const int threads = omp_get_max_threads();
#pragma omp parallel num_threads(rows * channels > 65536 ? threads : 1)
  {
    double *weight_sum = sums + static_cast<int64_t>(omp_get_thread_num()) * 2 * channels, *bias_sum = weight_sum + channels;
#pragma omp for schedule(static)
    for (int64_t row = 0; row < rows; row++) {
      const float *x = in + row * channels, *gradient = dy + row * channels;
      float *target = dx + row * channels;
      const auto [mean, inverse_deviation] = row_moments(x, channels, epsilon);
      double scaled_sum = 0, projected_sum = 0;
#pragma omp simd reduction(+ : scaled_sum, projected_sum)
      for (int64_t c = 0; c < channels; c++) {
        const double normalised = (x[c] - mean) * inverse_deviation, scaled = static_cast<double>(gradient[c]) * weight[c];
        scaled_sum += scaled;
        projected_sum += scaled * normalised;
        weight_sum[c] += gradient[c] * normalised;
        bias_sum[c] += gradient[c];
      }
      const double scaled_mean = scaled_sum / channels, projected_mean = projected_sum / channels;
      for (int64_t c = 0; c < channels; c++) {
        const double normalised = (x[c] - mean) * inverse_deviation;
        target[c] = static_cast<float>((static_cast<double>(gradient[c]) * weight[c] - scaled_mean - normalised * projected_mean) * inverse_deviation);
      }
    }
  }
}

// layerNormGradient(channels, outputGradient, input, weight, epsilon, inputGradient, weightGradient, biasGradient).
void layer_norm_gradient(napi_env env, napi_value *args) {
  const int64_t channels = read_channels(env, args[0]);
  const FloatView dy = read_floats(env, args[1], "outputGradient");
  const FloatView input = read_floats(env, args[2], "input");
  const FloatView weight = read_floats(env, args[3], "weight");
  const double epsilon = read_number(env, args[4], "epsilon");
  const FloatView dx = read_floats(env, args[5], "inputGradient");
  const FloatView weight_gradient = read_floats(env, args[6], "weightGradient");
  const FloatView bias_gradient = read_floats(env, args[7], "biasGradient");
  const int64_t rows = rows_of(input, channels), size = rows * channels;
  require_length(dy, size, "outputGradient");
  require_length(weight, channels, "weight");
  require_length(dx, size, "inputGradient");
  require_length(weight_gradient, channels, "weightGradient");
  require_length(bias_gradient, channels, "biasGradient");
  PerThreadSums per_thread(channels);
  layer_norm_gradient_rows(dy.data, input.data, weight.data, epsilon, dx.data, per_thread.data(), rows, channels);
  const double *sums = per_thread.totals();
  for (int64_t c = 0; c < channels; c++) {
    weight_gradient.data[c] = static_cast<float>(sums[c]);
    bias_gradient.data[c] = static_cast<float>(sums[channels + c]);
  }
}

void layer_norm(napi_env env, napi_value *args) {
  const int64_t channels = read_channels(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView weight = read_floats(env, args[2], "weight");
  const FloatView bias = read_floats(env, args[3], "bias");
  const double epsilon = read_number(env, args[4], "epsilon");
  const FloatView output = read_floats(env, args[5], "output");
  const int64_t rows = rows_of(input, channels);
  require_length(weight, channels, "weight");
  require_length(bias, channels, "bias");
  require_length(output, rows * channels, "output");
  layer_norm_rows(input.data, weight.data, bias.data, epsilon, output.data, rows, channels);
}

// The pooling geometry of maxPool and maxPoolGradient: [batch, inHeight, inWidth, channels, outHeight, outWidth,
// filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft], sizes and strides positive.
struct PoolGeometry {
  int64_t batch, in_height, in_width, channels, out_height, out_width, filter_height, filter_width, stride_height, stride_width, pad_top, pad_left;
  int64_t input_size() const { return batch * in_height * in_width * channels; }
  int64_t output_size() const { return batch * out_height * out_width * channels; }
};

PoolGeometry read_pool_geometry(napi_env env, napi_value value) {
  const auto g = read_integers(env, value, "geometry", 12);
  for (size_t index = 0; index < 10; index++)
    if (g[index] < 1) throw ArgumentError{"pooling sizes and strides must be positive"};
  return {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11]};
}

SPINEDX_VECTOR_CLONES void max_pool_rows(const float *x, float *y, const PoolGeometry &g) {
  const auto [batch, in_height, in_width, channels, out_height, out_width, filter_height, filter_width, stride_height, stride_width, pad_top, pad_left] = g;
#pragma omp parallel for schedule(static) if (batch * out_height * out_width * channels > 65536)
  for (int64_t task = 0; task < batch * out_height; task++) {
    const int64_t n = task / out_height, oy = task % out_height;
    for (int64_t ox = 0; ox < out_width; ox++) {
      float *best = y + ((n * out_height + oy) * out_width + ox) * channels;
      for (int64_t c = 0; c < channels; c++) best[c] = -std::numeric_limits<float>::infinity();
      for (int64_t ky = 0; ky < filter_height; ky++) {
        const int64_t iy = oy * stride_height - pad_top + ky;
        if (iy < 0 || iy >= in_height) continue;
        for (int64_t kx = 0; kx < filter_width; kx++) {
          const int64_t ix = ox * stride_width - pad_left + kx;
          if (ix < 0 || ix >= in_width) continue;
          const float *row = x + ((n * in_height + iy) * in_width + ix) * channels;
          for (int64_t c = 0; c < channels; c++) best[c] = row[c] > best[c] ? row[c] : best[c];
        }
      }
    }
  }
}

// The batch statistics of a training batch norm over NHWC rows of `channels`: each channel's mean and biased
// variance in one pass, from double sums of x − K and (x − K)² with K the channel's first value (the shift keeps
// E[(x − K)²] − E[x − K]² free of cancellation when the mean is large against the spread).
SPINEDX_VECTOR_CLONES void batch_norm_statistics_sums(const float *x, double *sums, int64_t rows, int64_t channels) {
#pragma omp parallel num_threads(rows * channels > 65536 ? omp_get_max_threads() : 1)
  {
    double *shifted_sum = sums + static_cast<int64_t>(omp_get_thread_num()) * 2 * channels, *square_sum = shifted_sum + channels;
#pragma omp for schedule(static)
    for (int64_t row = 0; row < rows; row++) {
      const float *input = x + row * channels;
      for (int64_t c = 0; c < channels; c++) {
        const double shifted = static_cast<double>(input[c]) - x[c];
        shifted_sum[c] += shifted;
        square_sum[c] += shifted * shifted;
      }
    }
  }
}

// batchNormStatistics(channels, input, mean, variance).
void batch_norm_statistics(napi_env env, napi_value *args) {
  const int64_t channels = read_channels(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView mean = read_floats(env, args[2], "mean");
  const FloatView variance = read_floats(env, args[3], "variance");
  const int64_t rows = rows_of(input, channels);
  if (rows == 0) throw ArgumentError{"batch statistics need at least one row"};
  require_length(mean, channels, "mean");
  require_length(variance, channels, "variance");
  PerThreadSums per_thread(channels);
  batch_norm_statistics_sums(input.data, per_thread.data(), rows, channels);
  const double *sums = per_thread.totals();
  for (int64_t c = 0; c < channels; c++) {
    const double shifted_mean = sums[c] / rows;
    mean.data[c] = static_cast<float>(input.data[c] + shifted_mean);
    variance.data[c] = static_cast<float>(std::max(0.0, sums[channels + c] / rows - shifted_mean * shifted_mean));
  }
}

// The training batch norm's backward pass over NHWC rows of `channels`, with xhat = (x − mean) / √(var + ε):
// doffset = Σ dy, dscale = Σ dy · xhat (each thread summing its rows in double, then the threads' sums added), then
// dx = scale / √(var + ε) · (dy − (doffset + xhat · dscale) / rows). Two passes instead of the composite's seven.
SPINEDX_VECTOR_CLONES void batch_norm_gradient_sums(const float *dy, const float *x, const double *mean, const double *inverse_deviation, double *sums, int64_t rows, int64_t channels) {
#pragma omp parallel num_threads(rows * channels > 65536 ? omp_get_max_threads() : 1)
  {
    double *offset_sum = sums + static_cast<int64_t>(omp_get_thread_num()) * 2 * channels, *scale_sum = offset_sum + channels;
#pragma omp for schedule(static)
    for (int64_t row = 0; row < rows; row++) {
      const float *gradient = dy + row * channels, *input = x + row * channels;
      for (int64_t c = 0; c < channels; c++) {
        offset_sum[c] += gradient[c];
        scale_sum[c] += gradient[c] * ((input[c] - mean[c]) * inverse_deviation[c]);
      }
    }
  }
}

SPINEDX_VECTOR_CLONES void batch_norm_gradient_input(const float *dy, const float *x, const float *mean, const float *multiplier, const float *offset_term,
                                                     const float *scale_term, float *dx, int64_t rows, int64_t channels) {
#pragma omp parallel for schedule(static) if (rows * channels > 65536)
  for (int64_t row = 0; row < rows; row++) {
    const float *gradient = dy + row * channels, *input = x + row * channels;
    float *target = dx + row * channels;
    for (int64_t c = 0; c < channels; c++) target[c] = multiplier[c] * gradient[c] - offset_term[c] - (input[c] - mean[c]) * scale_term[c];
  }
}

// batchNormGradient(channels, outputGradient, input, mean, variance, scale, epsilon, inputGradient, scaleGradient,
// offsetGradient).
void batch_norm_gradient(napi_env env, napi_value *args) {
  const int64_t channels = read_channels(env, args[0]);
  const FloatView dy = read_floats(env, args[1], "outputGradient");
  const FloatView input = read_floats(env, args[2], "input");
  const FloatView mean = read_floats(env, args[3], "mean");
  const FloatView variance = read_floats(env, args[4], "variance");
  const FloatView scale = read_floats(env, args[5], "scale");
  const double epsilon = read_number(env, args[6], "epsilon");
  const FloatView dx = read_floats(env, args[7], "inputGradient");
  const FloatView scale_gradient = read_floats(env, args[8], "scaleGradient");
  const FloatView offset_gradient = read_floats(env, args[9], "offsetGradient");
  const int64_t rows = rows_of(input, channels), size = rows * channels;
  require_length(dy, size, "outputGradient");
  for (const auto *parameter : {&mean, &variance, &scale}) require_length(*parameter, channels, "batch-norm parameter");
  require_length(dx, size, "inputGradient");
  require_length(scale_gradient, channels, "scaleGradient");
  require_length(offset_gradient, channels, "offsetGradient");
  std::vector<double> mean_values(channels), inverse_deviation(channels);
  for (int64_t c = 0; c < channels; c++) {
    mean_values[c] = mean.data[c];
    inverse_deviation[c] = 1.0 / std::sqrt(static_cast<double>(variance.data[c]) + epsilon);
  }
  PerThreadSums per_thread(channels);
  batch_norm_gradient_sums(dy.data, input.data, mean_values.data(), inverse_deviation.data(), per_thread.data(), rows, channels);
  const double *sums = per_thread.totals();
  // dx = a·dy − b − (x − mean)·d with a = scale·inv, b = a·doffset / rows, d = a·dscale·inv / rows.
  std::vector<float> multiplier(channels), offset_term(channels), scale_term(channels);
  for (int64_t c = 0; c < channels; c++) {
    const double offset_total = sums[c], scale_total = sums[channels + c];
    offset_gradient.data[c] = static_cast<float>(offset_total);
    scale_gradient.data[c] = static_cast<float>(scale_total);
    const double a = scale.data[c] * inverse_deviation[c];
    multiplier[c] = static_cast<float>(a);
    offset_term[c] = static_cast<float>(a * offset_total / rows);
    scale_term[c] = static_cast<float>(a * scale_total * inverse_deviation[c] / rows);
  }
  batch_norm_gradient_input(dy.data, input.data, mean.data, multiplier.data(), offset_term.data(), scale_term.data(), dx.data, rows, channels);
}

// maxPool(geometry as maxPoolGradient's, input, output): the largest value of each window's in-bounds positions
// (−∞ where it has none; NaN never wins, as in tfjs's cpu kernel).
void max_pool(napi_env env, napi_value *args) {
  const PoolGeometry g = read_pool_geometry(env, args[0]);
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView output = read_floats(env, args[2], "output");
  require_length(input, g.input_size(), "input");
  require_length(output, g.output_size(), "output");
  max_pool_rows(input.data, output.data, g);
}

// One output position of the max-pool gradient: channel c's output gradient goes to the first largest of its window's
// inputs taps[t][c] (tfjs's rule for ties; NaN never wins, and a window of −∞ or NaN only gets nothing), added at
// tap_gradients[t][c]. The winner is kept as a tap number beside the best value, so both loops vectorise.
SPINEDX_VECTOR_CLONES void max_pool_gradient_window(const float *const *taps, float *const *tap_gradients, int64_t tap_count, const float *gradient,
                                                    int64_t channels, float *best, int32_t *winner) {
  for (int64_t c = 0; c < channels; c++) best[c] = -std::numeric_limits<float>::infinity(), winner[c] = -1;
  for (int64_t t = 0; t < tap_count; t++) {
    const float *row = taps[t];
    for (int64_t c = 0; c < channels; c++) {
      const bool better = row[c] > best[c];
      best[c] = better ? row[c] : best[c];
      winner[c] = better ? static_cast<int32_t>(t) : winner[c];
    }
  }
  for (int64_t t = 0; t < tap_count; t++) {
    float *target = tap_gradients[t];
    for (int64_t c = 0; c < channels; c++) target[c] += winner[c] == t ? gradient[c] : 0.f;
  }
}

// maxPoolGradient(geometry [batch, inHeight, inWidth, channels, outHeight, outWidth, filterHeight, filterWidth,
// strideHeight, strideWidth, padTop, padLeft], input, outputGradient, inputGradient): each output's gradient goes to
// the first largest input of its window (tfjs's rule for ties); the rest of inputGradient is zero.
void max_pool_gradient(napi_env env, napi_value *args) {
  const PoolGeometry g = read_pool_geometry(env, args[0]);
  const auto [batch, in_height, in_width, channels, out_height, out_width, filter_height, filter_width, stride_height, stride_width, pad_top, pad_left] = g;
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView output_gradient = read_floats(env, args[2], "outputGradient");
  const FloatView input_gradient = read_floats(env, args[3], "inputGradient");
  require_length(input, g.input_size(), "input");
  require_length(output_gradient, g.output_size(), "outputGradient");
  require_length(input_gradient, g.input_size(), "inputGradient");
  const float *x = input.data, *dy = output_gradient.data;
  float *dx = input_gradient.data;
#pragma omp parallel for schedule(static)
  for (int64_t n = 0; n < batch; n++) {
    float *plane_gradient = dx + n * in_height * in_width * channels;
    std::fill(plane_gradient, plane_gradient + in_height * in_width * channels, 0.f);
    std::vector<float> best(channels);
    std::vector<int32_t> winner(channels);
    std::vector<const float *> taps(filter_height * filter_width);
    std::vector<float *> tap_gradients(filter_height * filter_width);
    for (int64_t oy = 0; oy < out_height; oy++) {
      for (int64_t ox = 0; ox < out_width; ox++) {
        int64_t tap_count = 0;
        for (int64_t ky = 0; ky < filter_height; ky++) {
          const int64_t iy = oy * stride_height - pad_top + ky;
          if (iy < 0 || iy >= in_height) continue;
          for (int64_t kx = 0; kx < filter_width; kx++) {
            const int64_t ix = ox * stride_width - pad_left + kx;
            if (ix < 0 || ix >= in_width) continue;
            const int64_t base = ((n * in_height + iy) * in_width + ix) * channels;
            taps[tap_count] = x + base;
            tap_gradients[tap_count++] = dx + base;
          }
        }
        const float *gradient = dy + ((n * out_height + oy) * out_width + ox) * channels;
        max_pool_gradient_window(taps.data(), tap_gradients.data(), tap_count, gradient, channels, best.data(), winner.data());
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Element-wise arithmetic and the sigmoid (EfficientNet's SiLU and squeeze-excite gates, residual adds, optimizer
// updates): tfjs calls these hundreds of times per step. Compiled for AVX-512, AVX2 and plain x86-64 (SPINEDX_VECTOR_CLONES).
// ---------------------------------------------------------------------------------------------------------------

template <typename Operation>
SPINEDX_VECTOR_CLONES void binary_loop(int64_t rank, const int64_t *dims, const int64_t *a_strides, const int64_t *b_strides,
                                       const float *a, const float *b, float *out, Operation operation) {
  const int64_t row_length = dims[rank - 1], a_step = a_strides[rank - 1], b_step = b_strides[rank - 1];
  int64_t rows = 1;
  for (int64_t axis = 0; axis < rank - 1; axis++) rows *= dims[axis];
  // Long rows in pieces, so that threads share them too (operands of one shape coalesce into a single row).
  constexpr int64_t piece = 16384;
  const int64_t pieces = (row_length + piece - 1) / piece;
#pragma omp parallel for schedule(static) if (rows * row_length > 65536)
  for (int64_t task = 0; task < rows * pieces; task++) {
    const int64_t row = task / pieces, first = task % pieces * piece;
    const int64_t count = first + piece < row_length ? piece : row_length - first;
    const float *x = a + row_offset(row, rank, dims, a_strides) + first * a_step;
    const float *y = b + row_offset(row, rank, dims, b_strides) + first * b_step;
    float *z = out + row * row_length + first;
    // The usual cases as their own loops, so that each vectorises.
    if (a_step == 1 && b_step == 1)
      for (int64_t i = 0; i < count; i++) z[i] = operation(x[i], y[i]);
    else if (a_step == 1 && b_step == 0)
      for (int64_t i = 0; i < count; i++) z[i] = operation(x[i], y[0]);
    else if (a_step == 0 && b_step == 1)
      for (int64_t i = 0; i < count; i++) z[i] = operation(x[0], y[i]);
    else
      for (int64_t i = 0; i < count; i++) z[i] = operation(x[i * a_step], y[i * b_step]);
  }
}

// binaryOperation(code, outputShape, aStrides, bStrides, a, b, output): code 0 add, 1 subtract, 2 multiply, 3 divide,
// 4 squared difference, 5 the GELU gradient (a the output gradient, b the GELU's input), 6 the ReLU gradient (a the
// output gradient, b the ReLU's output), 7 the SiLU gradient (a the output gradient, b the SiLU's input), 8 relu(a + b),
// for any broadcast of ranks 1 to 8. An operand's stride is 0 along the axes it repeats on;
// along the output's last axis it is 0 or 1.
void binary_operation(napi_env env, napi_value *args) {
  const int code = static_cast<int>(read_number(env, args[0], "code"));
  const uint32_t rank = read_rank(env, args[1], "binaryOperation");
  const auto dims = read_integers(env, args[1], "outputShape", rank);
  const auto a_strides = read_integers(env, args[2], "aStrides", rank);
  const auto b_strides = read_integers(env, args[3], "bStrides", rank);
  const FloatView a = read_floats(env, args[4], "a");
  const FloatView b = read_floats(env, args[5], "b");
  const FloatView output = read_floats(env, args[6], "output");
  int64_t size = 1, a_last = 0, b_last = 0;
  for (uint32_t axis = 0; axis < rank; axis++) {
    if (dims[axis] < 1 || a_strides[axis] < 0 || b_strides[axis] < 0) throw ArgumentError{"shape must be positive and strides not negative"};
    size *= dims[axis];
    a_last += (dims[axis] - 1) * a_strides[axis];
    b_last += (dims[axis] - 1) * b_strides[axis];
  }
  if (a_strides[rank - 1] > 1 || b_strides[rank - 1] > 1) throw ArgumentError{"strides along the last axis must be 0 or 1"};
  require_length(a, a_last + 1, "a");
  require_length(b, b_last + 1, "b");
  require_length(output, size, "output");
  // Coalesce axes that step through both operands as one (equal shapes become one row, a channel bias rows of C): the
  // per-row index arithmetic then runs once per long row. Built innermost first.
  std::vector<int64_t> d, sa, sb;
  for (int64_t axis = static_cast<int64_t>(rank) - 1; axis >= 0; axis--) {
    if (dims[axis] == 1) continue;
    if (!d.empty() && a_strides[axis] == sa.back() * d.back() && b_strides[axis] == sb.back() * d.back()) {
      d.back() *= dims[axis];
    } else {
      d.push_back(dims[axis]);
      sa.push_back(a_strides[axis]);
      sb.push_back(b_strides[axis]);
    }
  }
  if (d.empty()) d = {1}, sa = {0}, sb = {0};
  std::reverse(d.begin(), d.end());
  std::reverse(sa.begin(), sa.end());
  std::reverse(sb.begin(), sb.end());
  const int64_t coalesced = static_cast<int64_t>(d.size());
  const int64_t *cd = d.data(), *ca = sa.data(), *cb = sb.data();
  switch (code) {
    case 0: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) { return x + y; }); break;
    case 1: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) { return x - y; }); break;
    case 2: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) { return x * y; }); break;
    case 3: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) { return x / y; }); break;
    case 4: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) { return (x - y) * (x - y); }); break;
    case 5: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float dy, float x) { return dy * gelu_derivative_of(x); }); break;
    // dy · step(y), NaN kept, as tfjs's composite.
    case 6: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float dy, float y) { return dy * (y > 0.f ? 1.f : (y != y ? y : 0.f)); }); break;
    // d(x σ(x))/dx = σ(x) (1 + x (1 − σ(x))).
    case 7: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float dy, float x) {
      const float s = sigmoid_of(x);
      return dy * (s * (1.f + x * (1.f - s)));
    }); break;
    // relu(a + b), a residual block's end: NaN kept, as tfjs's ReLU keeps it.
    case 8: binary_loop(coalesced, cd, ca, cb, a.data, b.data, output.data, [](float x, float y) {
      const float sum = x + y;
      return sum < 0.f ? 0.f : sum;
    }); break;
    default: throw ArgumentError{"unknown binary operation code " + std::to_string(code)};
  }
}

// gather(shape [outer, axisSize, inner], input, indices, output): output[o, j, i] = input[o, indices[j], i]; every
// index must lie in [0, axisSize).
void gather(napi_env env, napi_value *args) {
  const auto shape = read_integers(env, args[0], "shape", 3);
  const int64_t outer = shape[0], axis_size = shape[1], inner = shape[2];
  if (outer < 1 || axis_size < 1 || inner < 1) throw ArgumentError{"gather shape must be positive"};
  const FloatView input = read_floats(env, args[1], "input");
  const IntView indices = read_int32s(env, args[2], "indices");
  const FloatView output = read_floats(env, args[3], "output");
  const int64_t count = static_cast<int64_t>(indices.length);
  require_length(input, outer * axis_size * inner, "input");
  require_length(output, outer * count * inner, "output");
  for (int64_t j = 0; j < count; j++)
    if (indices.data[j] < 0 || indices.data[j] >= axis_size) throw ArgumentError{"index " + std::to_string(indices.data[j]) + " is outside [0, " + std::to_string(axis_size) + ")"};
  const float *in = input.data;
  float *out = output.data;
#pragma omp parallel for schedule(static) if (outer * count * inner > 65536)
  for (int64_t task = 0; task < outer * count; task++) {
    const int64_t o = task / count, j = task % count;
    std::memcpy(out + task * inner, in + (o * axis_size + indices.data[j]) * inner, inner * sizeof(float));
  }
}

template <typename Operation>
SPINEDX_VECTOR_CLONES void unary_loop(const float *in, float *out, int64_t count, Operation operation) {
#pragma omp parallel for schedule(static) if (count > 65536)
  for (int64_t index = 0; index < count; index++) out[index] = operation(in[index]);
}

// unaryOperation(code, input, alpha, output): 0 relu, 1 step (1 above zero, alpha elsewhere, NaN kept), 2 negate,
// 3 exp, 4 square, 5 sigmoid, 6 the error function, 7 exact GELU (x · (1 + erf(x / √2)) / 2), 8 SiLU (x σ(x)).
void unary_operation(napi_env env, napi_value *args) {
  const int code = static_cast<int>(read_number(env, args[0], "code"));
  const FloatView input = read_floats(env, args[1], "input");
  const float alpha = static_cast<float>(read_number(env, args[2], "alpha"));
  const FloatView output = read_floats(env, args[3], "output");
  const int64_t count = static_cast<int64_t>(input.length);
  require_length(output, count, "output");
  switch (code) {
    case 0: unary_loop(input.data, output.data, count, [](float x) { return x > 0.f ? x : (x != x ? x : 0.f); }); break;
    case 1: unary_loop(input.data, output.data, count, [alpha](float x) { return x != x ? x : (x > 0.f ? 1.f : alpha); }); break;
    case 2: unary_loop(input.data, output.data, count, [](float x) { return -x; }); break;
    case 3: unary_loop(input.data, output.data, count, [](float x) { return exp_any(x); }); break;
    case 4: unary_loop(input.data, output.data, count, [](float x) { return x * x; }); break;
    case 5: unary_loop(input.data, output.data, count, [](float x) { return sigmoid_of(x); }); break;
    case 6: unary_loop(input.data, output.data, count, [](float x) { return error_function_of(x); }); break;
    case 7: unary_loop(input.data, output.data, count, [](float x) { return gelu_of(x); }); break;
    case 8: unary_loop(input.data, output.data, count, [](float x) { return x * sigmoid_of(x); }); break;
    default: throw ArgumentError{"unknown unary operation code " + std::to_string(code)};
  }
}

SPINEDX_VECTOR_CLONES void softmax_rows(const float *in, float *out, int64_t rows, int64_t length) {
#pragma omp parallel for schedule(static) if (rows * length > 65536)
  for (int64_t row = 0; row < rows; row++) {
    const float *x = in + row * length;
    float *y = out + row * length;
    float maximum = -std::numeric_limits<float>::infinity();
#pragma omp simd reduction(max : maximum)
    for (int64_t i = 0; i < length; i++) maximum = x[i] > maximum ? x[i] : maximum;
    for (int64_t i = 0; i < length; i++) y[i] = exp_non_positive(x[i] - maximum);
    const float scale = static_cast<float>(1.0 / sum_of(y, length));
    for (int64_t i = 0; i < length; i++) y[i] *= scale;
  }
}

// softmax(rows, input, output): along the last axis of rows × (input length / rows) values, shifted by each row's
// maximum so that no exponent overflows.
void softmax(napi_env env, napi_value *args) {
  const int64_t rows = static_cast<int64_t>(read_number(env, args[0], "rows"));
  const FloatView input = read_floats(env, args[1], "input");
  const FloatView output = read_floats(env, args[2], "output");
  if (rows < 1 || input.length % rows != 0) throw ArgumentError{"input size must be a multiple of rows"};
  const int64_t length = static_cast<int64_t>(input.length) / rows;
  require_length(output, rows * length, "output");
  softmax_rows(input.data, output.data, rows, length);
}

// slice(shape, begin, size, input, output): the box of `size` from `begin` (ranks 1 to 8), row by row.
void slice(napi_env env, napi_value *args) {
  const uint32_t rank = read_rank(env, args[0], "slice");
  const auto shape = read_integers(env, args[0], "shape", rank);
  const auto begin = read_integers(env, args[1], "begin", rank);
  const auto size = read_integers(env, args[2], "size", rank);
  int64_t input_size = 1, output_size = 1;
  for (uint32_t axis = 0; axis < rank; axis++) {
    if (shape[axis] < 1 || size[axis] < 1 || begin[axis] < 0 || begin[axis] + size[axis] > shape[axis]) throw ArgumentError{"slice box must lie inside the shape"};
    input_size *= shape[axis];
    output_size *= size[axis];
  }
  const FloatView input = read_floats(env, args[3], "input");
  const FloatView output = read_floats(env, args[4], "output");
  require_length(input, input_size, "input");
  require_length(output, output_size, "output");
  std::vector<int64_t> strides(rank, 1);
  for (int64_t axis = static_cast<int64_t>(rank) - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * shape[axis + 1];
  int64_t corner = 0;
  for (uint32_t axis = 0; axis < rank; axis++) corner += begin[axis] * strides[axis];
  const int64_t row_length = size[rank - 1], rows = output_size / row_length;
  const float *in = input.data + corner;
  float *out = output.data;
#pragma omp parallel for schedule(static) if (output_size > 65536)
  for (int64_t row = 0; row < rows; row++)
    std::memcpy(out + row * row_length, in + row_offset(row, rank, size.data(), strides.data()), row_length * sizeof(float));
}

// pad(shape, before, outputShape, value, input, output): input placed at `before` inside an output filled with
// `value` (ranks 1 to 8).
void pad(napi_env env, napi_value *args) {
  const uint32_t rank = read_rank(env, args[0], "pad");
  const auto shape = read_integers(env, args[0], "shape", rank);
  const auto before = read_integers(env, args[1], "before", rank);
  const auto output_shape = read_integers(env, args[2], "outputShape", rank);
  const float value = static_cast<float>(read_number(env, args[3], "value"));
  int64_t input_size = 1, output_size = 1;
  for (uint32_t axis = 0; axis < rank; axis++) {
    if (shape[axis] < 1 || before[axis] < 0 || before[axis] + shape[axis] > output_shape[axis]) throw ArgumentError{"the input must fit inside the padded shape"};
    input_size *= shape[axis];
    output_size *= output_shape[axis];
  }
  const FloatView input = read_floats(env, args[4], "input");
  const FloatView output = read_floats(env, args[5], "output");
  require_length(input, input_size, "input");
  require_length(output, output_size, "output");
  std::vector<int64_t> strides(rank, 1);
  for (int64_t axis = static_cast<int64_t>(rank) - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * output_shape[axis + 1];
  std::fill(output.data, output.data + output_size, value);
  int64_t corner = 0;
  for (uint32_t axis = 0; axis < rank; axis++) corner += before[axis] * strides[axis];
  const int64_t row_length = shape[rank - 1], rows = input_size / row_length;
  const float *in = input.data;
  float *out = output.data + corner;
#pragma omp parallel for schedule(static) if (input_size > 65536)
  for (int64_t row = 0; row < rows; row++)
    std::memcpy(out + row_offset(row, rank, shape.data(), strides.data()), in + row * row_length, row_length * sizeof(float));
}

// unsortedSegmentSum(inner, input, segmentIds, segments, output): output[s, i] = Σ over rows r with segmentIds[r] = s
// of input[r, i]; ids outside [0, segments) are dropped, as TensorFlow does. The gradient of a gather.
void unsorted_segment_sum(napi_env env, napi_value *args) {
  const int64_t inner = static_cast<int64_t>(read_number(env, args[0], "inner"));
  const FloatView input = read_floats(env, args[1], "input");
  const IntView ids = read_int32s(env, args[2], "segmentIds");
  const int64_t segments = static_cast<int64_t>(read_number(env, args[3], "segments"));
  const FloatView output = read_floats(env, args[4], "output");
  if (inner < 1 || segments < 1) throw ArgumentError{"inner and segments must be positive"};
  const int64_t rows = static_cast<int64_t>(ids.length);
  require_length(input, rows * inner, "input");
  require_length(output, segments * inner, "output");
  std::fill(output.data, output.data + segments * inner, 0.f);
  // Rows go in order (two rows may share a segment); each row's addition is one vectorised pass.
  for (int64_t row = 0; row < rows; row++) {
    const int32_t segment = ids.data[row];
    if (segment < 0 || segment >= segments) continue;
    const float *source = input.data + row * inner;
    float *target = output.data + segment * inner;
    for (int64_t i = 0; i < inner; i++) target[i] += source[i];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Data movement, which dominates MViTv2 once its matrix products are native: tfjs's wasm transpose of a rank-5
// attention tensor runs an index computation per value.
// ---------------------------------------------------------------------------------------------------------------

// transpose(shape, permutation, input, output): output axis j is input axis permutation[j] (rank 1 to 8).
void transpose(napi_env env, napi_value *args) {
  const uint32_t rank = read_rank(env, args[0], "transpose");
  const auto shape = read_integers(env, args[0], "shape", rank);
  const auto permutation = read_integers(env, args[1], "permutation", rank);
  std::vector<bool> seen(rank, false);
  int64_t size = 1;
  for (uint32_t axis = 0; axis < rank; axis++) {
    if (shape[axis] < 1) throw ArgumentError{"shape must be positive"};
    if (permutation[axis] < 0 || permutation[axis] >= rank || seen[permutation[axis]]) throw ArgumentError{"permutation must order every axis once"};
    seen[permutation[axis]] = true;
    size *= shape[axis];
  }
  const FloatView input = read_floats(env, args[2], "input");
  const FloatView output = read_floats(env, args[3], "output");
  require_length(input, size, "input");
  require_length(output, size, "output");
  std::vector<int64_t> input_strides(rank, 1), dims(rank), strides(rank);
  for (int64_t axis = static_cast<int64_t>(rank) - 2; axis >= 0; axis--) input_strides[axis] = input_strides[axis + 1] * shape[axis + 1];
  for (uint32_t axis = 0; axis < rank; axis++) {
    dims[axis] = shape[permutation[axis]];
    strides[axis] = input_strides[permutation[axis]];
  }
  // Rows of the output's last axis: a copy when that axis is the input's last too, a strided gather otherwise.
  const int64_t row_length = dims[rank - 1], row_stride = strides[rank - 1], rows = size / row_length;
  const float *in = input.data;
  float *out = output.data;
#pragma omp parallel for schedule(static) if (size > 65536)
  for (int64_t row = 0; row < rows; row++) {
    const int64_t offset = row_offset(row, rank, dims.data(), strides.data());
    float *target = out + row * row_length;
    if (row_stride == 1) {
      std::memcpy(target, in + offset, row_length * sizeof(float));
    } else {
      for (int64_t index = 0; index < row_length; index++) target[index] = in[offset + index * row_stride];
    }
  }
}

// An array of `count` Float32Arrays of at least `length` values each.
std::vector<float *> read_float_arrays(napi_env env, napi_value value, int64_t count, int64_t length, const char *name) {
  bool is_array = false;
  napi_is_array(env, value, &is_array);
  uint32_t size = 0;
  if (is_array) napi_get_array_length(env, value, &size);
  if (size != count) throw ArgumentError{std::string(name) + " must be an array of " + std::to_string(count) + " Float32Arrays"};
  std::vector<float *> arrays(count);
  const std::string element_name = std::string(name) + "[k]";
  for (uint32_t index = 0; index < size; index++) {
    napi_value element;
    napi_get_element(env, value, index, &element);
    const FloatView view = read_floats(env, element, element_name.c_str());
    require_length(view, length, element_name.c_str());
    arrays[index] = view.data;
  }
  return arrays;
}

// unstack(shape [outer, count, inner], input, outputs): outputs[k][o, i] = input[o, k, i], `count` arrays.
void unstack(napi_env env, napi_value *args) {
  const auto shape = read_integers(env, args[0], "shape", 3);
  const int64_t outer = shape[0], count = shape[1], inner = shape[2];
  if (outer < 1 || count < 1 || inner < 1) throw ArgumentError{"unstack shape must be positive"};
  const FloatView input = read_floats(env, args[1], "input");
  require_length(input, outer * count * inner, "input");
  const std::vector<float *> outputs = read_float_arrays(env, args[2], count, outer * inner, "outputs");
  const float *in = input.data;
#pragma omp parallel for schedule(static) if (outer * count * inner > 65536)
  for (int64_t task = 0; task < outer * count; task++) {
    const int64_t o = task / count, k = task % count;
    std::memcpy(outputs[k] + o * inner, in + (o * count + k) * inner, inner * sizeof(float));
  }
}

// stack(shape [outer, count, inner], inputs, output): unstack's inverse, output[o, k, i] = inputs[k][o, i].
void stack(napi_env env, napi_value *args) {
  const auto shape = read_integers(env, args[0], "shape", 3);
  const int64_t outer = shape[0], count = shape[1], inner = shape[2];
  if (outer < 1 || count < 1 || inner < 1) throw ArgumentError{"stack shape must be positive"};
  const std::vector<float *> inputs = read_float_arrays(env, args[1], count, outer * inner, "inputs");
  const FloatView output = read_floats(env, args[2], "output");
  require_length(output, outer * count * inner, "output");
  float *out = output.data;
#pragma omp parallel for schedule(static) if (outer * count * inner > 65536)
  for (int64_t task = 0; task < outer * count; task++) {
    const int64_t o = task / count, k = task % count;
    std::memcpy(out + (o * count + k) * inner, inputs[k] + o * inner, inner * sizeof(float));
  }
}

// One AdamW step (PyTorch's update, decoupled weight decay) over every element in one pass, in float32 with the
// operations in the order the composite tfjs ops run them: first' = β1·first + (1 − β1)·g, second' = β2·second +
// (1 − β2)·g², variable' = variable·(1 − lr·wd) − lr·(first' / c1) / (√second' / √c2 + ε), c1 and c2 the bias
// corrections. Seven separate element-wise kernels read and write the parameter-sized arrays about fifteen times.
SPINEDX_VECTOR_CLONES void adam_w_rows(const float *variable, const float *gradient, const float *first, const float *second, const float *settings,
                                       float *variable_out, float *first_out, float *second_out, int64_t size) {
  const float beta1 = settings[0], one_minus_beta1 = settings[1], beta2 = settings[2], one_minus_beta2 = settings[3], epsilon = settings[4],
              decay = settings[5], learning_rate = settings[6], correction1 = settings[7], root_correction2 = settings[8];
#pragma omp parallel for simd schedule(static) if (size > 65536)
  for (int64_t index = 0; index < size; index++) {
    const float g = gradient[index];
    const float m = first[index] * beta1 + g * one_minus_beta1;
    const float v = second[index] * beta2 + (g * g) * one_minus_beta2;
    const float update = (m / correction1) / (std::sqrt(v) / root_correction2 + epsilon);
    first_out[index] = m;
    second_out[index] = v;
    variable_out[index] = variable[index] * decay - update * learning_rate;
  }
}

// adamW(variable, gradient, first, second, settings [β1, 1 − β1, β2, 1 − β2, ε, 1 − lr·wd, lr, c1, √c2], variableOut,
// firstOut, secondOut), every array but settings of one length.
void adam_w(napi_env env, napi_value *args) {
  const FloatView variable = read_floats(env, args[0], "variable");
  const FloatView gradient = read_floats(env, args[1], "gradient");
  const FloatView first = read_floats(env, args[2], "first");
  const FloatView second = read_floats(env, args[3], "second");
  const FloatView settings = read_floats(env, args[4], "settings");
  const FloatView variable_out = read_floats(env, args[5], "variableOut");
  const FloatView first_out = read_floats(env, args[6], "firstOut");
  const FloatView second_out = read_floats(env, args[7], "secondOut");
  const int64_t size = static_cast<int64_t>(variable.length);
  if (size < 1) throw ArgumentError{"variable must not be empty"};
  require_length(settings, 9, "settings");
  for (const auto &[view, name] : {std::pair{gradient, "gradient"}, {first, "first"}, {second, "second"}, {variable_out, "variableOut"}, {first_out, "firstOut"}, {second_out, "secondOut"}})
    require_length(view, size, name);
  adam_w_rows(variable.data, gradient.data, first.data, second.data, settings.data, variable_out.data, first_out.data, second_out.data, size);
}

// ---------------------------------------------------------------------------------------------------------------
// N-API plumbing: each kernel becomes a JS function that throws a JS Error (code SPINEDX_NATIVE_ARGUMENT or
// SPINEDX_NATIVE_UNSUPPORTED) instead of letting a C++ exception cross into Node.
// ---------------------------------------------------------------------------------------------------------------

using Kernel = void (*)(napi_env, napi_value *);

template <Kernel kernel, size_t arity>
napi_value wrap(napi_env env, napi_callback_info info) {
  size_t count = arity;
  napi_value args[arity];
  napi_get_cb_info(env, info, &count, args, nullptr, nullptr);
  if (count < arity) {
    napi_throw_error(env, "SPINEDX_NATIVE_ARGUMENT", ("expected " + std::to_string(arity) + " arguments").c_str());
    return nullptr;
  }
  try {
    kernel(env, args);
  } catch (const ArgumentError &error) {
    napi_throw_error(env, "SPINEDX_NATIVE_ARGUMENT", error.message.c_str());
  } catch (const dnnl::error &error) {
    napi_throw_error(env, "SPINEDX_NATIVE_UNSUPPORTED", error.what());
  } catch (const std::bad_alloc &) {
    napi_throw_error(env, "SPINEDX_NATIVE_OUT_OF_MEMORY", "out of memory: a native kernel could not allocate its working memory");
  }
  return nullptr;
}

napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t count = 1;
  napi_value argument;
  napi_get_cb_info(env, info, &count, &argument, nullptr, nullptr);
  int32_t threads = 0;
  if (count < 1 || napi_get_value_int32(env, argument, &threads) != napi_ok || threads < 1) {
    napi_throw_range_error(env, "SPINEDX_NATIVE_ARGUMENT", "threads must be a positive integer");
    return nullptr;
  }
  omp_set_num_threads(threads);
  return nullptr;
}

napi_value get_threads(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_int32(env, omp_get_max_threads(), &result);
  return result;
}

// The cpu backend allocates a new ArrayBuffer for every output. glibc serves blocks over its mmap threshold (at most
// 32 MiB) with fresh mappings and returns them on free, so each large output page-faults on first write: 0.5 million
// faults, about 3 s of system time, per MViTv2-T training step at batch 8. Serving every block from the heap and never
// trimming it lets freed blocks be reused instead; peak memory stays the same. Process-wide, so only on request.
napi_value keep_freed_memory(napi_env env, napi_callback_info) {
  bool applied = false;
#if defined(__GLIBC__)
  applied = mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max()) == 1;
#endif
  napi_value result;
  napi_get_boolean(env, applied, &result);
  return result;
}

// Bumped whenever an entry point's arguments change, so that JS refuses an addon built from an older source.
constexpr int32_t kInterfaceVersion = 12;

napi_value interface_version(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_int32(env, kInterfaceVersion, &result);
  return result;
}

napi_value library_version(napi_env env, napi_callback_info) {
  const dnnl_version_t *version = dnnl_version();
  const std::string text = "oneDNN " + std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
                           std::to_string(version->patch);
  napi_value result;
  napi_create_string_utf8(env, text.c_str(), text.size(), &result);
  return result;
}

napi_value initialise(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"convolutionForward", nullptr, wrap<convolution_forward, 8>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"createFilterCache", nullptr, create_filter_cache, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"convolutionBackwardData", nullptr, wrap<convolution_backward_data, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"convolutionBackwardFilter", nullptr, wrap<convolution_backward_filter, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"matrixProduct", nullptr, wrap<matrix_product, 7>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"reduceSum", nullptr, wrap<reduce_sum, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormalize", nullptr, wrap<batch_normalize, 8>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"layerNorm", nullptr, wrap<layer_norm, 6>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"layerNormGradient", nullptr, wrap<layer_norm_gradient, 8>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormStatistics", nullptr, wrap<batch_norm_statistics, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"batchNormGradient", nullptr, wrap<batch_norm_gradient, 10>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"maxPool", nullptr, wrap<max_pool, 3>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"maxPoolGradient", nullptr, wrap<max_pool_gradient, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"binaryOperation", nullptr, wrap<binary_operation, 7>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"transpose", nullptr, wrap<transpose, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"stack", nullptr, wrap<stack, 3>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unstack", nullptr, wrap<unstack, 3>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"gather", nullptr, wrap<gather, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unaryOperation", nullptr, wrap<unary_operation, 4>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"softmax", nullptr, wrap<softmax, 3>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"slice", nullptr, wrap<slice, 5>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unsortedSegmentSum", nullptr, wrap<unsorted_segment_sum, 5>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"pad", nullptr, wrap<pad, 6>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"adamW", nullptr, wrap<adam_w, 8>, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"keepFreedMemory", nullptr, keep_freed_memory, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setThreads", nullptr, set_threads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"threads", nullptr, get_threads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"version", nullptr, library_version, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"interfaceVersion", nullptr, interface_version, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, initialise)
