// smrt eval: run one protocol (a, b, c or d), or protocol d's comparison on
// the user's own table, and write its report.
// Built only with the eval layer (SMRT_HAVE_EVAL, set by CMake when smrt_eval exists).
#ifdef SMRT_HAVE_EVAL
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"
#include "smrt/eval/session.h"
#include "smrt/eval/tabular.h"

namespace smrt::cli {

namespace {
struct EvalArgs {
  std::string protocol;
  bool full = false;
  std::string scale;
  int seeds = 0;
  int base_seed = 0;
  std::string data;
  std::string out;
  std::vector<std::string> params;
  std::vector<std::string> methods;
  int per_class = 0;
  int cnn_epochs = 0;
  DataArgs input;  ///< DATA (your own table), --label / --labels, --delimiter
  int folds = 5;
};

/// `text` as one shell word: as is when it is plain, else in single quotes.
std::string shell_word(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                               "0123456789_./,:=+-@%") == std::string::npos;
  if (plain) return text;
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

eval::Scale parse_scale(const std::string& s, bool full) {
  SMRT_THROW_IF_NOT(ParameterError, s.empty() || s == "tiny" || s == "quick" || s == "full", "--scale '", s,
                    "' must be tiny, quick or full");
  // --full is --scale full: with another scale one of the two would be ignored.
  SMRT_THROW_IF_NOT(ParameterError, !full || s.empty() || s == "full", "--full and --scale ", s,
                    " contradict (--full is --scale full): give one of them");
  if (full || s == "full") return eval::Scale::Full;
  return s == "tiny" ? eval::Scale::Tiny : eval::Scale::Quick;
}
}  // namespace

void add_eval_command(CLI::App& app) {
  auto a = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand("eval", kEvalSummary);
  a->input.add_to(cmd, false);
  cmd->add_option("--folds", a->folds, "DATA: stratified cross-validation folds (default 5)")->check(CLI::Range(2, 100));
  cmd->add_option("--protocol", a->protocol,
                  "a: MNIST 3 vs 8 ratio sweep, logistic regression; b: Fashion-MNIST, 3 classes cut to 100, CNN; "
                  "c: Fashion-MNIST, one class cut to 10%, CNN; d: six imbalanced tables (1:20), logistic regression "
                  "and 5-nearest neighbours, SMRT against SMOTE win / tie / loss");
  cmd->add_flag("--full", a->full, "The full protocol (5 seeds, all ratios, full data); default: the quick version");
  cmd->add_option("--scale", a->scale, "tiny (seconds, for tests), quick (default) or full");
  cmd->add_option("--seeds", a->seeds, "Number of seeds (default: 5 full, fewer quick)")->check(CLI::Range(1, 1000));
  cmd->add_option("--first-seed", a->base_seed, "First seed (seeds are consecutive)")->check(CLI::Range(0, 1 << 30));
  cmd->add_option("--data", a->data, "Data folder (default: SMRT_DATA_DIR or the source tree's data/)");
  cmd->add_option("--out", a->out, "Report folder (default: report/protocol-<id>)");
  cmd->add_option("-p,--param", a->params,
                  "A sampler parameter as METHOD.key=value, set on every method of the protocol that uses that "
                  "sampler (repeatable; METHOD as `smrt list` names it; wins over the scale's budget)")
      ->allow_extra_args(false);
  cmd->add_option("--methods", a->methods,
                  "Run only these methods, comma-separated: labels as the tables print them (any case) or sampler "
                  "names; a registered sampler the protocol lacks is added at its defaults (default: all)")
      ->delimiter(',')
      ->allow_extra_args(false);  // one value per --methods: DATA after it stays DATA
  cmd->add_option("--per-class", a->per_class,
                  "Protocols b and c: training images per untouched class (c: per class before the coat cut to 10%); "
                  "default: the scale's (quick 1000; full: b 5000, c all 6000)")
      ->check(CLI::Range(1, 6000));
  cmd->add_option("--cnn-epochs", a->cnn_epochs, "Protocols b and c: CNN epochs (default: quick 3, full 10)")
      ->check(CLI::Range(1, 1000));
  cmd->footer(
      "Examples:\n"
      "  smrt eval --protocol a                  # quick ratio sweep, 3 seeds\n"
      "  smrt eval --protocol a --full           # 5 seeds, 7 ratios\n"
      "  smrt eval --protocol b --full --seeds 5 --out report/b\n"
      "  smrt eval --protocol a --param smrt.n_epochs=400 --param smrt.batch_size=16\n"
      "  smrt eval --protocol c --param smate.n_epochs=10 --param smote.k_neighbors=3\n"
      "  smrt eval --protocol a --methods none,SMOTE,smrt --param smrt.n_epochs=400\n"
      "  smrt eval --protocol c --seeds 5 --per-class 2000 --cnn-epochs 5   # between quick and full\n"
      "  smrt eval --protocol d --full           # 6 tables x 2 classifiers, 5 seeds\n"
      "  smrt eval data.csv --label fraud --methods none,SMOTE,smrt        # your table, 5-fold CV\n"
      "Methods that this build lacks are listed as not available, never given numbers.");
  cmd->callback([a, cmd] {
    eval::SessionPlan plan;
    eval::ProtocolOptions o;
    o.scale = parse_scale(a->scale, a->full);
    o.seeds = a->seeds;
    o.base_seed = static_cast<uint64_t>(a->base_seed);
    o.data_dir = a->data;
    for (const auto& m : a->methods) {  // "none, SMOTE" as "none,SMOTE"
      const size_t lo = m.find_first_not_of(" \t"), hi = m.find_last_not_of(" \t");
      SMRT_THROW_IF_NOT(ParameterError, lo != std::string::npos, "--methods has an empty name (",
                        shell_word(joined(a->methods)), ")");
      o.methods.push_back(m.substr(lo, hi - lo + 1));
    }
    o.per_class = a->per_class;
    o.cnn_epochs = a->cnn_epochs;
    std::string param_text;
    if (!o.methods.empty()) param_text += " --methods " + shell_word(joined(o.methods));
    for (const auto& p : a->params) {
      o.params.push_back(eval::parse_param_override(p));
      param_text += " --param " + shell_word(p);
    }
    if (a->per_class) param_text += msg(" --per-class ", a->per_class);
    if (a->cnn_epochs) param_text += msg(" --cnn-epochs ", a->cnn_epochs);
    if (!a->input.input.path.empty()) {
      InputSpec in = a->input.spec();
      // Every fold is standardised before any method sees it, so a far-off column's shift changes
      // nothing but the precision float32 keeps (timestamps keep their spread).
      in.shift = ColumnShift::PerColumn;
      SMRT_THROW_IF_NOT(ParameterError, a->protocol.empty(), "give either DATA or --protocol, not both");
      // Your own table is cross-validated: the protocols' seeds, image sizes and data folder do not apply
      // (--scale still sets the network budgets).
      for (const char* name : {"--seeds", "--data", "--per-class", "--cnn-epochs"})
        SMRT_THROW_IF_NOT(ParameterError, cmd->get_option(name)->count() == 0, name,
                          " goes with --protocol; DATA is compared by stratified cross-validation (--folds)");
      const Dataset data = load_dataset(in);
      plan.experiments = eval::table_protocol(data, in.path, a->folds, o);
      plan.out_dir = a->out.empty() ? "report/table" : a->out;
      // Every option that chose the data, so the report's command reruns it.
      plan.command = msg("smrt eval ", shell_word(in.path),
                         in.label_column.empty() ? "" : " --label " + shell_word(in.label_column),
                         in.labels_path.empty() ? "" : " --labels " + shell_word(in.labels_path),
                         a->input.delimiter == "," ? "" : " --delimiter " + shell_word(a->input.delimiter),
                         in.features.empty() ? "" : " --features " + shell_word(joined(in.features)),
                         in.ignore.empty() ? "" : " --ignore " + shell_word(joined(in.ignore)), " --folds ", a->folds,
                         o.scale == eval::Scale::Quick ? std::string() : std::string(" --scale ") + eval::to_string(o.scale),
                         a->base_seed ? msg(" --first-seed ", a->base_seed) : std::string(), param_text);
      plan.title = "smrt evaluation: " + in.path;
    } else {
      SMRT_THROW_IF_NOT(ParameterError, !a->protocol.empty(),
                        "give a protocol (--protocol a, b, c or d) or your own table (smrt eval DATA.csv --label COL)");
      SMRT_THROW_IF_NOT(ParameterError,
                        a->protocol == "a" || a->protocol == "b" || a->protocol == "c" || a->protocol == "d",
                        "--protocol '", a->protocol, "' must be a, b, c or d");
      SMRT_THROW_IF_NOT(ParameterError, a->input.input.label_column.empty() && a->input.input.labels_path.empty(),
                        "--label and --labels go with DATA (your own table)");
      plan.protocols.push_back({a->protocol, o});
      plan.out_dir = a->out.empty() ? "report/protocol-" + a->protocol : a->out;
      plan.command = msg("smrt eval --protocol ", a->protocol, " --scale ", eval::to_string(o.scale),
                         a->seeds ? msg(" --seeds ", a->seeds) : std::string(),
                         a->base_seed ? msg(" --first-seed ", a->base_seed) : std::string(),
                         a->data.empty() ? std::string() : " --data " + shell_word(a->data), param_text);
      plan.title = "smrt evaluation: protocol " + a->protocol;
    }
    const std::string index = eval::run_session(plan);
    std::printf("\nreport: %s\n", index.c_str());
  });
}

}  // namespace smrt::cli

#endif  // SMRT_HAVE_EVAL
