// smrt._core: the Python binding of the library API (include/smrt/smrt.h).
// It converts arrays and errors and releases the GIL around C++ work; every
// decision about data and parameters is in the C++ library or in the pure
// Python layer above (python/smrt/).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <omp.h>

#include <algorithm>
#include <type_traits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "smrt/core/column_shift.h"
#include "smrt/core/error.h"
#include "smrt/core/memory.h"
#include "smrt/core/threads.h"
#include "smrt/core/warnings.h"
#include "smrt/neighbors/blas.h"
#include "smrt/smrt.h"

namespace py = pybind11;

namespace {

PyObject* g_smrt_error = nullptr;
PyObject* g_parameter_error = nullptr;
PyObject* g_data_error = nullptr;
PyObject* g_io_error = nullptr;
PyObject* g_resource_error = nullptr;

/// An exception class deriving from smrt's base and a builtin (ValueError, OSError).
PyObject* new_exception(py::module_& m, const char* name, PyObject* base, PyObject* builtin) {
  const std::string qualified = std::string("smrt._core.") + name;
  PyObject* bases = builtin ? PyTuple_Pack(2, base, builtin) : PyTuple_Pack(1, base);
  PyObject* cls = PyErr_NewException(qualified.c_str(), bases, nullptr);
  Py_DECREF(bases);
  m.attr(name) = py::handle(cls);
  return cls;
}

/// A C-contiguous 2-D float32/float64 array as smrt::Features (no copy).
smrt::Features features_of(const py::array& X, const std::vector<int64_t>& sample_shape, const char* what) {
  if (X.ndim() != 2)
    throw smrt::DataError(smrt::msg(what, ": expected a 2-D array (n_samples, n_features), got ", X.ndim(), " dimensions"));
  if (!(X.flags() & py::array::c_style)) throw smrt::DataError(smrt::msg(what, ": the array must be C-contiguous"));
  smrt::Features f;
  if (py::isinstance<py::array_t<float>>(X)) f.float64 = false;
  else if (py::isinstance<py::array_t<double>>(X)) f.float64 = true;
  else throw smrt::DataError(smrt::msg(what, ": dtype ", std::string(py::str(X.dtype())), " is not float32 or float64"));
  f.data = X.data();
  f.n_rows = X.shape(0);
  f.n_cols = X.shape(1);
  f.sample_shape = sample_shape;
  return f;
}

/// Labels from dense ids and the classes (integers, or text when `integers` is None).
struct PyLabels {
  smrt::Labels labels;
  std::vector<int32_t> ids;
};

PyLabels labels_of(const py::array_t<int32_t, py::array::c_style | py::array::forcecast>& ids,
                   const py::object& integers, const std::vector<std::string>& names) {
  PyLabels out;
  out.ids.assign(ids.data(), ids.data() + ids.size());
  const int64_t n_classes = integers.is_none() ? static_cast<int64_t>(names.size()) : py::len(integers);
  for (int32_t id : out.ids)
    if (id < 0 || id >= n_classes) throw smrt::DataError(smrt::msg("y: class id ", id, " out of range"));
  if (integers.is_none()) out.labels.classes = smrt::ClassIndex::of_strings(names);
  else out.labels.classes = smrt::ClassIndex::of_integers(integers.cast<std::vector<int64_t>>());
  if (out.labels.classes.n_classes() != n_classes) throw smrt::DataError("y: the classes are not distinct");
  out.labels.ids = out.ids.data();
  out.labels.n = static_cast<int64_t>(out.ids.size());
  return out;
}

/// A Python exception raised while the C++ work runs (Ctrl-C's KeyboardInterrupt, or one from a progress
/// callback), kept by the calling thread until the work has stopped and the GIL is back: then raised.
struct StashedPythonError {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* trace = nullptr;
};
thread_local StashedPythonError t_stashed;
unsigned long g_main_thread = 0;  // threading.main_thread().ident: where Python runs signal handlers

/// Keeps the error now set in Python (GIL held); a second one while the first waits is dropped.
void stash_python_error() {
  if (t_stashed.type) {
    PyErr_Clear();
    return;
  }
  PyErr_Fetch(&t_stashed.type, &t_stashed.value, &t_stashed.trace);
}

/// Sets the stashed error as Python's current one (GIL held); false when none waits.
bool restore_stashed_python_error() {
  if (!t_stashed.type) return false;
  PyErr_Restore(t_stashed.type, t_stashed.value, t_stashed.trace);
  t_stashed = {};
  return true;
}

/// After a call that ran with the GIL released: raises what its callbacks left.
void raise_stashed_python_error() {
  if (restore_stashed_python_error()) throw py::error_already_set();
}

/// The call's interrupt check: stop when a Python error waits, or (on the main thread, the only one Python
/// delivers signals to) when Ctrl-C was pressed: PyErr_CheckSignals runs Python's handler, which raises.
smrt::InterruptCheck python_interrupt_check() {
  const bool main_thread = PyThread_get_thread_ident() == g_main_thread;
  return [main_thread]() {
    if (t_stashed.type) return true;
    if (!main_thread) return false;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() == 0) return false;
    stash_python_error();
    return true;
  };
}

/// Progress to a Python callable (called with the GIL held), or silence; Ctrl-C stops the work.
/// Callable without the GIL: nothing here touches a Python object until the work calls back.
smrt::RunOptions run_options(int n_threads, int verbose, const py::object& progress) {
  smrt::RunOptions o;
  o.n_threads = n_threads;
  o.verbosity = verbose <= 0 ? smrt::Verbosity::Quiet : verbose == 1 ? smrt::Verbosity::Normal : smrt::Verbosity::Detailed;
  o.interrupted = python_interrupt_check();
  if (!progress.is_none() && verbose > 0) {
    PyObject* fn = progress.ptr();  // borrowed: the caller holds it for the call
    o.progress = [fn](const smrt::ProgressEvent& e) {
      py::gil_scoped_acquire gil;
      if (t_stashed.type) return;  // the work stops at its next check; no more reports
      try {
        py::handle callback(fn);
        callback(e.label, e.done, e.total, e.seconds, e.note, e.final);
      } catch (py::error_already_set& err) {
        // KeyboardInterrupt in the callback (Ctrl-C while it printed), or its own error: the work stops
        // and the caller gets the exception.
        err.restore();
        stash_python_error();
      }
    };
  }
  return o;
}

/// Moves a Matrix into a numpy array that owns it (no copy).
py::array_t<float> to_numpy(smrt::Matrix&& m) {
  if (m.n_rows() == 0) return py::array_t<float>(std::vector<py::ssize_t>{0, m.n_cols()});
  auto* heap = new smrt::Matrix(std::move(m));
  py::capsule owner(heap, [](void* p) { delete static_cast<smrt::Matrix*>(p); });
  return py::array_t<float>({heap->n_rows(), heap->n_cols()},
                            {heap->n_cols() * static_cast<py::ssize_t>(sizeof(float)), static_cast<py::ssize_t>(sizeof(float))},
                            heap->data(), owner);
}

template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(heap->size())}, {static_cast<py::ssize_t>(sizeof(T))}, heap->data(),
                        owner);
}

/// Room for an output table (malloc: a table of a few MB reuses the heap's
/// pages instead of faulting in fresh ones on every call, which took 1 ms of
/// a 1.4 ms polynom-fit call on 20,000 x 20; nothing is zeroed, since X's rows
/// are copied in front and the sampler writes or zeroes the rest), freed by
/// the numpy array that ends up owning it.
class OutputRoom {
 public:
  OutputRoom() = default;
  OutputRoom(const OutputRoom&) = delete;
  OutputRoom& operator=(const OutputRoom&) = delete;
  ~OutputRoom() { std::free(data_); }

  float* allocate(int64_t n_rows, int64_t n_cols) {
    const auto bytes = static_cast<size_t>(smrt::checked_size(n_rows, n_cols)) * sizeof(float);
    void* p = bytes ? std::malloc(bytes) : nullptr;
    if (!p) return nullptr;  // the sampler keeps its own rows instead
    std::free(data_);
    data_ = static_cast<float*>(p);
    return data_;
  }
  float* data() const { return data_; }

  /// A float32 numpy array of the first n_rows rows, owning the room.
  py::array_t<float> to_numpy(int64_t n_rows, int64_t n_cols) {
    float* owned = data_;
    data_ = nullptr;
    py::capsule owner(owned, [](void* p) { std::free(p); });
    return py::array_t<float>({n_rows, n_cols}, {n_cols * static_cast<py::ssize_t>(sizeof(float)),
                                                  static_cast<py::ssize_t>(sizeof(float))},
                              owned, owner);
  }

 private:
  float* data_ = nullptr;
};

bool keeps_every_row_in_order(const std::vector<int64_t>& indices, int64_t n_rows) {
  if (static_cast<int64_t>(indices.size()) != n_rows) return false;
  for (int64_t i = 0; i < n_rows; ++i)
    if (indices[static_cast<size_t>(i)] != i) return false;
  return true;
}

/// The output table: X's rows at `indices` (their exact values), then the
/// synthetic rows converted to X's dtype. One parallel pass on the call's
/// n_threads (<= 0: the process setting), GIL released.
template <typename T>
py::array assemble_as(const py::array& X, const py::array_t<int64_t, py::array::c_style>& indices,
                      const py::array_t<float, py::array::c_style>& synthetic, int n_threads) {
  const int64_t n_rows = X.shape(0), d = X.shape(1), n_kept = indices.size();
  const int64_t n_new = synthetic.ndim() == 2 ? synthetic.shape(0) : 0;
  if (n_new > 0 && synthetic.shape(1) != d) throw smrt::DataError("assemble: synthetic rows have another width");
  py::array_t<T> out(std::vector<py::ssize_t>{n_kept + n_new, d});
  const T* src = static_cast<const T*>(X.data());
  const int64_t* idx = indices.data();
  const float* syn = synthetic.data();
  T* dst = out.mutable_data();
  for (int64_t i = 0; i < n_kept; ++i)
    if (idx[i] < 0 || idx[i] >= n_rows) throw smrt::DataError("assemble: row index out of range");
  py::gil_scoped_release release;
  const smrt::ThreadScope call(n_threads);
  // Each thread copies a contiguous share of the output; runs of consecutive
  // indices (SMOTE keeps every row in order) go as one memcpy.
  const int64_t total = n_kept + n_new;
  const int threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(smrt::num_threads(), total / 4096)));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t lo = total * t / nt, hi = total * (t + 1) / nt;
    int64_t i = lo;
    while (i < std::min(hi, n_kept)) {
      int64_t run = 1;
      while (i + run < std::min(hi, n_kept) && idx[i + run] == idx[i] + run) ++run;
      std::memcpy(dst + i * d, src + idx[i] * d, static_cast<size_t>(run * d) * sizeof(T));
      i += run;
    }
    for (; i < hi; ++i) {
      const float* from = syn + (i - n_kept) * d;
      T* row = dst + i * d;
      if constexpr (std::is_same_v<T, float>) {
        const int64_t rows = hi - i;  // the rest of this share is synthetic: one copy
        std::memcpy(row, from, static_cast<size_t>(rows * d) * sizeof(float));
        break;
      } else {
        for (int64_t j = 0; j < d; ++j) row[j] = static_cast<T>(from[j]);
      }
    }
  }
  return std::move(out);
}

/// Integer labels as (classes, ids) by counting, in numpy.unique's order; None
/// when their range is too wide to count (the caller sorts instead).
py::object factorize_int(const py::array_t<int64_t, py::array::c_style | py::array::forcecast>& y) {
  const int64_t n = y.size();
  const int64_t* v = y.data();
  if (n == 0) return py::none();
  int64_t lo = v[0], hi = v[0];
  for (int64_t i = 1; i < n; ++i) {
    lo = std::min(lo, v[i]);
    hi = std::max(hi, v[i]);
  }
  if (hi - lo < 0 || hi - lo > 4 * n + 1024) return py::none();
  std::vector<int32_t> id_of(static_cast<size_t>(hi - lo + 1), -1);
  for (int64_t i = 0; i < n; ++i) id_of[static_cast<size_t>(v[i] - lo)] = 0;
  std::vector<int64_t> classes;
  for (size_t k = 0; k < id_of.size(); ++k)
    if (id_of[k] == 0) {
      id_of[k] = static_cast<int32_t>(classes.size());
      classes.push_back(lo + static_cast<int64_t>(k));
    }
  py::array_t<int32_t> ids(std::vector<py::ssize_t>{n});
  int32_t* out = ids.mutable_data();
  for (int64_t i = 0; i < n; ++i) out[i] = id_of[static_cast<size_t>(v[i] - lo)];
  return py::make_tuple(to_numpy(std::move(classes)), ids);
}

/// y[indices] then classes[synthetic_ids]: the output labels (int64), in one pass on the call's n_threads.
py::array_t<int64_t> assemble_labels(const py::array_t<int64_t, py::array::c_style>& y,
                                     const py::array_t<int64_t, py::array::c_style>& indices,
                                     const py::array_t<int64_t, py::array::c_style>& classes,
                                     const py::array_t<int32_t, py::array::c_style>& synthetic_ids, int n_threads) {
  const int64_t n_kept = indices.size(), n_new = synthetic_ids.size(), n = y.size(), n_classes = classes.size();
  const int64_t* idx = indices.data();
  const int32_t* sid = synthetic_ids.data();
  bool valid = true;
  for (int64_t i = 0; i < n_kept; ++i) valid &= idx[i] >= 0 && idx[i] < n;
  for (int64_t i = 0; i < n_new; ++i) valid &= sid[i] >= 0 && sid[i] < n_classes;
  if (!valid) throw smrt::DataError("assemble_labels: an index is out of range");
  py::array_t<int64_t> out(std::vector<py::ssize_t>{n_kept + n_new});
  int64_t* dst = out.mutable_data();
  const int64_t* src = y.data();
  const int64_t* cls = classes.data();
  py::gil_scoped_release release;
  const smrt::ThreadScope call(n_threads);
  const int threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(smrt::num_threads(), (n_kept + n_new) / 65536)));
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t i = 0; i < n_kept + n_new; ++i) dst[i] = i < n_kept ? src[idx[i]] : cls[sid[i - n_kept]];
  return out;
}

py::array assemble(const py::array& X, const py::array_t<int64_t, py::array::c_style>& indices,
                   const py::array_t<float, py::array::c_style>& synthetic, int n_threads) {
  if (X.ndim() != 2 || !(X.flags() & py::array::c_style)) throw smrt::DataError("assemble: X must be 2-D C-contiguous");
  if (py::isinstance<py::array_t<float>>(X)) return assemble_as<float>(X, indices, synthetic, n_threads);
  if (py::isinstance<py::array_t<double>>(X)) return assemble_as<double>(X, indices, synthetic, n_threads);
  throw smrt::DataError("assemble: X must be float32 or float64");
}

py::list param_table(const std::vector<smrt::ParamSpec>& specs) {
  py::list out;
  for (const auto& s : specs) {
    py::dict d;
    d["name"] = s.name;
    d["type"] = std::string(smrt::to_string(s.type));
    d["default"] = s.default_value;
    d["doc"] = s.doc;
    d["choices"] = s.choices;
    d["min"] = s.min ? py::cast(*s.min) : py::none();
    d["max"] = s.max ? py::cast(*s.max) : py::none();
    d["min_exclusive"] = s.min_exclusive;
    d["max_exclusive"] = s.max_exclusive;
    d["nullable"] = s.nullable;
    d["allowed"] = s.allowed();
    d["checked"] = static_cast<bool>(s.check);
    out.append(d);
  }
  return out;
}

// The readers' shift of far-off columns (smrt/core/column_shift.h) for a 2-D float64 table: one
// rule for the CLI and the Python classes. The offsets, or None when no column needs one.
py::object column_offsets(const py::array& rows, bool common) {
  const smrt::Features f = features_of(rows, {}, "rows");
  SMRT_THROW_IF_NOT(smrt::DataError, f.float64, "column_offsets: rows must be float64");
  const int64_t n = f.n_rows, d = f.n_cols;
  smrt::ColumnRanges ranges(d);
  const auto* values = static_cast<const double*>(f.data);
  for (int64_t i = 0, k = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j, ++k) ranges.add(j, values[k]);
  std::vector<double> offsets = ranges.offsets(common ? smrt::ColumnShift::Common : smrt::ColumnShift::PerColumn);
  if (offsets.empty()) return py::none();
  return to_numpy(std::move(offsets));
}

py::list methods() {
  py::list out;
  for (const smrt::SamplerInfo* info : smrt::list_methods()) {
    py::dict d;
    d["name"] = info->name;
    d["aliases"] = info->aliases;
    d["family"] = info->family;
    d["summary"] = info->summary;
    d["params"] = param_table(info->params);
    d["shift"] = info->shift == smrt::ColumnShift::None     ? "none"
                 : info->shift == smrt::ColumnShift::Common ? "common"
                                                            : "per_column";
    out.append(d);
  }
  return out;
}

class PyModel {
 public:
  explicit PyModel(std::shared_ptr<smrt::Model> m) : m_(std::move(m)) {}
  smrt::Model& get() const { return *m_; }
  std::shared_ptr<smrt::Model> shared() const { return m_; }

 private:
  std::shared_ptr<smrt::Model> m_;
};

class PySampler {
 public:
  PySampler(const std::string& name, const std::map<std::string, std::string>& params)
      : e_(smrt::Estimator::create_from_text(name, params)) {}

  std::map<std::string, std::string> get_params() const { return e_.get_params(); }

  /// (indices, synthetic rows, their class ids, {class id: n}, the output
  /// table or None, the synthetic rows' places (ResampleResult::synthetic_at),
  /// the call's warnings as text). With `assemble` and float32
  /// rows, an over-sampler writes its new rows straight into the output
  /// table, behind a copy of X.
  py::tuple fit_resample(const py::array& X, const py::array_t<int32_t, py::array::c_style | py::array::forcecast>& ids,
                         const py::object& integers, const std::vector<std::string>& names,
                         const std::vector<int64_t>& sample_shape, int n_threads, int verbose,
                         const py::object& progress, bool assemble) {
    const smrt::Features f = features_of(X, sample_shape, "X");
    PyLabels y = labels_of(ids, integers, names);
    smrt::RunOptions options = run_options(n_threads, verbose, progress);
    OutputRoom output;
    const int64_t n = f.n_rows, d = f.n_cols;
    const bool float32_table = py::isinstance<py::array_t<float>>(X) && X.ndim() == 2 &&
                               (X.flags() & py::array::c_style) && sample_shape.empty();
    if (assemble && float32_table)
      options.synthetic_destination = [&output, n, d](int64_t rows, int64_t cols) -> float* {
        if (cols != d) return nullptr;
        float* room = output.allocate(n + rows, d);
        return room ? room + n * d : nullptr;
      };
    smrt::ResampleResult r;
    bool in_output = false;
    {
      py::gil_scoped_release release;
      r = e_.fit_resample(f, y.labels, options);
      in_output = output.data() && r.synthetic.in_buffer() && r.synthetic.data() == output.data() + n * d &&
                  keeps_every_row_in_order(r.sample_indices, n) && r.synthetic_at.empty();
      if (in_output) {
        const auto* src = static_cast<const float*>(X.data());
        const smrt::ThreadScope call(n_threads);  // the call's count, as in the C++ work above
        const int threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(smrt::num_threads(), n / 4096)));
#pragma omp parallel num_threads(threads)
        {
          const int t = omp_get_thread_num(), nt = omp_get_num_threads();
          const int64_t lo = n * t / nt, hi = n * (t + 1) / nt;
          std::memcpy(output.data() + lo * d, src + lo * d, static_cast<size_t>((hi - lo) * d) * sizeof(float));
        }
      }
    }
    raise_stashed_python_error();
    py::dict strategy;
    for (const auto& [c, count] : r.sampling_strategy) strategy[py::int_(c)] = count;
    py::object table = py::none();
    py::object synthetic;
    if (in_output) {
      py::array_t<float> full = output.to_numpy(n + r.synthetic.n_rows(), d);
      synthetic = full[py::slice(n, n + r.synthetic.n_rows(), 1)];
      table = full;
    } else {
      // Rows left in the output's room are copied out before the room goes.
      smrt::Matrix rows = r.synthetic.in_buffer() ? smrt::Matrix(r.synthetic) : std::move(r.synthetic);
      synthetic = to_numpy(std::move(rows));
    }
    return py::make_tuple(to_numpy(std::move(r.sample_indices)), synthetic, to_numpy(std::move(r.synthetic_y)),
                          strategy, table, to_numpy(std::move(r.synthetic_at)), r.warnings);
  }

  void fit(const py::array& X, const py::array_t<int32_t, py::array::c_style | py::array::forcecast>& ids,
           const py::object& integers, const std::vector<std::string>& names, const std::vector<int64_t>& sample_shape,
           int n_threads, int verbose, const py::object& progress) {
    const smrt::Features f = features_of(X, sample_shape, "X");
    PyLabels y = labels_of(ids, integers, names);
    const smrt::RunOptions options = run_options(n_threads, verbose, progress);
    {
      py::gil_scoped_release release;
      e_.fit(f, y.labels, options);
    }
    raise_stashed_python_error();
  }

  py::dict sampling_targets(const std::vector<int64_t>& counts, const py::object& integers,
                            const std::vector<std::string>& names) const {
    smrt::ClassIndex classes = integers.is_none() ? smrt::ClassIndex::of_strings(names)
                                                  : smrt::ClassIndex::of_integers(integers.cast<std::vector<int64_t>>());
    py::dict out;
    for (const auto& [c, n] : e_.sampling_targets(counts, classes)) out[py::int_(c)] = n;
    return out;
  }

  py::object model() const {
    auto m = e_.model();
    return m ? py::cast(PyModel(m)) : py::none();
  }

  std::map<std::string, PyModel> class_models() const {
    std::map<std::string, PyModel> out;
    for (const auto& [label, m] : e_.class_models()) out.emplace(label, PyModel(m));
    return out;
  }

  void set_prefit_models(const std::map<std::string, PyModel>& models) {
    std::map<std::string, std::shared_ptr<smrt::Model>> shared;
    for (const auto& [label, m] : models) shared[label] = m.shared();
    e_.set_prefit_models(shared);
  }

 private:
  smrt::Estimator e_;
};

std::vector<int64_t> shape_of(const smrt::Model& m) { return m.sample_shape(); }

/// Runs `work` (returning a Matrix or a vector) with the GIL released; a numpy array of its result.
template <typename Work>
auto released(Work&& work) {
  decltype(work()) out;
  {
    py::gil_scoped_release release;
    out = work();
  }
  raise_stashed_python_error();
  return to_numpy(std::move(out));
}

/// A Model method on rows of X: (model, X, n_threads) -> numpy, C++ work without the GIL.
template <typename Method>
auto on_rows(Method method) {
  return [method](const PyModel& self, const py::array& X, int n_threads) {
    const smrt::Features f = features_of(X, {}, "X");
    return released([&] { return method(self.get(), f, run_options(n_threads, 0, py::none())); });
  };
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "smrt's C++ core (the library API of include/smrt/smrt.h); use the smrt package, not this module";
  g_main_thread = py::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  g_smrt_error = new_exception(m, "SmrtError", PyExc_Exception, nullptr);
  g_parameter_error = new_exception(m, "ParameterError", g_smrt_error, PyExc_ValueError);
  g_data_error = new_exception(m, "DataError", g_smrt_error, PyExc_ValueError);
  g_io_error = new_exception(m, "IoError", g_smrt_error, PyExc_OSError);
  g_resource_error = new_exception(m, "ResourceError", g_smrt_error, PyExc_MemoryError);
  py::register_exception_translator([](std::exception_ptr p) {
    // A Python exception raised during the work (Ctrl-C) is what the caller gets, whatever stopped the work.
    if (restore_stashed_python_error()) return;
    try {
      if (p) std::rethrow_exception(p);
    } catch (const smrt::Interrupted& e) {
      // Stopped for a Python exception (KeyboardInterrupt): that exception, as Python raised it.
      if (!restore_stashed_python_error()) PyErr_SetString(PyExc_KeyboardInterrupt, e.what());
    } catch (const smrt::ParameterError& e) {
      PyErr_SetString(g_parameter_error, e.what());
    } catch (const smrt::DataError& e) {
      PyErr_SetString(g_data_error, e.what());
    } catch (const smrt::IoError& e) {
      PyErr_SetString(g_io_error, e.what());
    } catch (const smrt::ResourceError& e) {
      PyErr_SetString(g_resource_error, e.what());
    } catch (const smrt::Error& e) {
      PyErr_SetString(g_smrt_error, e.what());
    }
  });

  m.attr("__version__") = smrt::version();
  m.def("has_generative", &smrt::has_generative, "Whether this build has the generative layer (LibTorch).");
  m.def("methods", &methods, "Every registered method with its parameter declarations.");
  m.def("column_offsets", &column_offsets, py::arg("rows"), py::arg("common") = false,
        "The shift of far-off float64 columns before float32 (the CLI readers' rule), or None.");
  m.def("autoencoder_params", [](const std::string& kind) { return param_table(smrt::Model::autoencoder_params(kind)); });
  m.def("blas_status", [] {
    const smrt::BlasStatus& s = smrt::blas_status();
    py::dict d;
    d["available"] = s.available;
    d["core"] = s.core;
    d["coretype"] = s.coretype;
    d["verified"] = s.verified;
    return d;
  }, "OpenBLAS's kernels in this process (checked with a small SGEMM on first call).");
  m.def("factorize_int", &factorize_int, "Integer labels -> (classes, int32 ids) by counting, or None.");
  m.def("assemble_labels", &assemble_labels, py::arg("y"), py::arg("indices"), py::arg("classes"),
        py::arg("synthetic_ids"), py::arg("n_threads") = 0, "y[indices] then classes[synthetic_ids] (int64 labels).");
  m.def("assemble", &assemble, py::arg("X"), py::arg("indices"), py::arg("synthetic"), py::arg("n_threads") = 0,
        "X[indices] (exact) then the synthetic rows in X's dtype, as one new array.");
  m.def("num_threads", [] { return smrt::num_threads(); }, "Threads a call uses by default.");
  m.def("default_num_threads", &smrt::default_num_threads,
        "The count 0 stands for: SMRT_NUM_THREADS, else OMP_NUM_THREADS, else the CPUs this process may run on.");
  m.def("set_num_threads", &smrt::set_num_threads, "Process-wide thread count (<= 0: the default count).");
  // Every call reads SMRT_NUM_THREADS (the default count): a bad value is named once, here, and skipped.
  try {
    smrt::threads_from_env();
  } catch (const smrt::ParameterError& e) {
    const std::string text = smrt::msg(e.what(), "; smrt skips it and runs ", smrt::default_num_threads(), " threads");
    if (PyErr_WarnEx(PyExc_RuntimeWarning, text.c_str(), 1) < 0) throw py::error_already_set();
  }

  py::class_<PySampler>(m, "Sampler")
      .def(py::init<const std::string&, const std::map<std::string, std::string>&>())
      .def("get_params", &PySampler::get_params)
      .def("fit_resample", &PySampler::fit_resample)
      .def("fit", &PySampler::fit)
      .def("sampling_targets", &PySampler::sampling_targets,
           "imbalanced-learn's sampling_strategy_ for class counts (by class id), without the data.")
      .def("model", &PySampler::model)
      .def("class_models", &PySampler::class_models)
      .def("set_prefit_models", &PySampler::set_prefit_models);

  py::class_<PyModel>(m, "Model")
      .def_static("fit_autoencoder",
                  [](const std::string& kind, const std::map<std::string, std::string>& params, const py::array& X,
                     const std::vector<int64_t>& sample_shape, int n_threads, int verbose, const py::object& progress) {
                    smrt::ParamMap typed;
                    for (const auto& [k, v] : params) typed[k] = v;
                    const smrt::Features f = features_of(X, sample_shape, "X");
                    const smrt::RunOptions options = run_options(n_threads, verbose, progress);
                    std::shared_ptr<smrt::Model> model;
                    {
                      py::gil_scoped_release release;
                      model = smrt::Model::fit_autoencoder(kind, typed, f, options);
                    }
                    raise_stashed_python_error();
                    return PyModel(model);
                  })
      .def_static("load", [](const std::string& path) { return PyModel(smrt::Model::load(path)); })
      .def_static("from_bytes", [](const py::bytes& b) { return PyModel(smrt::Model::from_bytes(std::string(b))); })
      .def("save", [](const PyModel& self, const std::string& path) { self.get().save(path); })
      .def("to_bytes", [](const PyModel& self) { return py::bytes(self.get().to_bytes()); })
      .def("kind", [](const PyModel& self) { return self.get().kind(); })
      .def("n_features", [](const PyModel& self) { return self.get().n_features(); })
      .def("sample_shape", [](const PyModel& self) { return shape_of(self.get()); })
      .def("epoch_costs", [](const PyModel& self) { return self.get().epoch_costs(); })
      .def("seed", [](const PyModel& self) { return self.get().seed(); })
      .def("params", [](const PyModel& self) { return self.get().params(); })
      .def("n_latent_factors", [](const PyModel& self) { return self.get().n_latent_factors(); })
      .def("classes", [](const PyModel& self) { return self.get().classes(); })
      .def("feed_forward", on_rows([](const smrt::Model& model, const smrt::Features& f, const smrt::RunOptions& o) {
             return model.feed_forward(f, o);
           }))
      .def("encode", on_rows([](const smrt::Model& model, const smrt::Features& f, const smrt::RunOptions& o) {
             return model.encode(f, o);
           }))
      .def("reconstruction_error",
           on_rows([](const smrt::Model& model, const smrt::Features& f, const smrt::RunOptions& o) {
             return model.reconstruction_error(f, o);
           }))
      .def("decode", on_rows([](const smrt::Model& model, const smrt::Features& f, const smrt::RunOptions& o) {
             return model.decode(f, o);
           }))
      .def("generate",
           [](const PyModel& self, int64_t n, double loc, double scale, int n_threads) {
             return released([&] { return self.get().generate(n, loc, scale, run_options(n_threads, 0, py::none())); });
           })
      .def("generate_from_sample",
           [](const PyModel& self, const py::array& X, double loc, double scale, int n_threads) {
             const smrt::Features f = features_of(X, {}, "X");
             return released(
                 [&] { return self.get().generate_from_sample(f, loc, scale, run_options(n_threads, 0, py::none())); });
           })
      // (images, the call's warnings as text): Python raises them as UserWarnings at the caller's line.
      .def("generate_class", [](const PyModel& self, const std::string& label, int64_t n, uint64_t seed, int n_threads) {
        std::vector<std::string> warned;
        auto rows = released([&] {
          smrt::WarningScope collect(&warned);
          return self.get().generate_class(label, n, seed, run_options(n_threads, 0, py::none()));
        });
        return py::make_tuple(std::move(rows), warned);
      });
}
