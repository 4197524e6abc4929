// smrt fit: train an autoencoder or a variational autoencoder and save it.
#ifdef SMRT_HAVE_GENERATIVE
#include <cstdio>
#include <cstring>
#include <memory>

#include "commands.h"
#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/progress.h"

namespace smrt::cli {
namespace {

struct FitArgs {
  DataArgs data;
  std::string method;
  std::string class_label;
  int64_t seed = -1;
  std::vector<std::string> params;
  std::string out;
};

void run_fit(const FitArgs& a) {
  if (is_image_model_method(a.method)) {
    SMRT_THROW_IF_NOT(ParameterError, a.class_label.empty(), "--class does not apply to ", a.method,
                      ": it models the classes its sampling_strategy targets");
    check_output_path(a.out, {a.data.input.path, a.data.input.labels_path});
    return fit_image_model(a.data.spec(), a.method, a.seed, a.params, a.out);
  }
  const bool variational = a.method == "vae" || a.method == "VariationalAutoEncoder";
  SMRT_THROW_IF_NOT(ParameterError, variational || a.method == "autoencoder" || a.method == "AutoEncoder",
                    "--method '", a.method, "' cannot be fitted; use vae, autoencoder, cgan, smate or deepsmote");
  // An autoencoder is unsupervised: a CSV needs --label only to pick a --class (or to leave the label out).
  InputSpec input = a.data.spec(false);
  const bool labelled = !input.labels_path.empty() || !input.label_column.empty();
  input.unlabelled = !labelled;
  SMRT_THROW_IF_NOT(ParameterError, a.class_label.empty() || labelled,
                    "--class needs labels: give --label COLUMN (CSV) or --labels y.npy");
  std::vector<std::string> inputs{input.path};
  if (!input.labels_path.empty()) inputs.push_back(input.labels_path);
  check_output_path(a.out, inputs);

  std::map<std::string, std::string> params = param_map(a.params);
  if (a.seed >= 0) {
    SMRT_THROW_IF_NOT(ParameterError, params.count("random_state") == 0,
                      "random_state is given both as --seed and as --param");
    params["random_state"] = std::to_string(a.seed);
  }
  // The CLI shows training progress unless -q or an explicit verbose=.
  if (!params.count("verbose") && verbosity() != Verbosity::Quiet)
    params["verbose"] = verbosity() == Verbosity::Detailed ? "2" : "1";
  const std::string owner = variational ? "vae" : "autoencoder";
  ParamMap typed;
  for (const auto& [key, value] : params) typed[key] = value;
  // Checked before the data is read: a typo fails in a second.
  resolve_params(owner, Model::autoencoder_params(owner), typed);

  Dataset data = load_dataset(input);
  warn_coarse_columns(data);
  Matrix rows;
  MatrixView X = data.X.view();
  if (!a.class_label.empty()) {
    auto id = data.classes.find(a.class_label);
    SMRT_THROW_IF_NOT(ParameterError, id.has_value(), "--class '", a.class_label, "' is not a class of ", input.path,
                      " (classes: ", data.classes.describe(), ")");
    rows = gather_rows(data.X.view(), data.view().class_rows()[static_cast<size_t>(*id)]);
    X = rows.view();
  }
  const bool chatty = verbosity() != Verbosity::Quiet;
  if (chatty)
    std::fprintf(stderr, "fitting %s on %lld rows x %lld features%s\n", owner.c_str(),
                 static_cast<long long>(X.n_rows), static_cast<long long>(X.n_cols),
                 a.class_label.empty() ? "" : (" (class " + a.class_label + ")").c_str());
  Features features = Features::of(X.data, X.n_rows, X.n_cols);
  features.sample_shape = data.sample_shape;
  RunOptions options;
  options.verbosity = verbosity();
  const auto model = Model::fit_autoencoder(owner, typed, features, options);
  model->set_feature_names(data.feature_names);  // a CSV's header: `smrt generate` writes it back
  model->save(a.out);
  if (chatty)
    std::fprintf(stderr, "%s: %zu epoch(s), final cost %.6g, seed %llu; wrote %s\n", model->kind().c_str(),
                 model->epoch_costs().size(), model->epoch_costs().back(),
                 static_cast<unsigned long long>(model->seed()), a.out.c_str());
}

}  // namespace

void add_fit_command(CLI::App& app) {
  auto a = std::make_shared<FitArgs>();
  auto* cmd = app.add_subcommand("fit", kFitSummary);
  a->data.add_to(cmd);
  cmd->add_option("-m,--method", a->method, "vae (VariationalAutoEncoder), autoencoder, or an image GAN: cgan, smate, deepsmote")->required();
  cmd->add_option("--class", a->class_label, "Fit only the rows of this class (needs --label or --labels)");
  cmd->add_option("--seed", a->seed, "random_state (same seed and threads, same model)")->check(seed_validator());
  cmd->add_option("-p,--param", a->params,
                  "A model parameter as key=value (repeatable): n_hidden, n_latent_factors, learning_rate, "
                  "n_epochs, ...: the notebook's keys and defaults for vae and autoencoder (docs/neural.md, \"Parameters\"; "
                  "`smrt list smrt` shows the same keys with SMRT's own defaults), `smrt list cgan` etc. for the GANs")
      ->allow_extra_args(false);
  cmd->add_option("-o,--out", a->out, "Model file to write (weights + JSON header)")->required();
  cmd->footer(
      "Examples:\n"
      "  smrt fit --method vae data/mnist/X.npy --labels data/mnist/y.npy --class 3 \\\n"
      "      -p n_hidden=400 -p n_latent_factors=20 -p n_epochs=30 -p learning_function=adam \\\n"
      "      -p learning_rate=0.001 --seed 42 -o vae3.smrtm\n"
      "  smrt fit --method vae data.csv --label class --class fraud -p n_hidden=[64,32] -o vae.smrtm\n"
      "  smrt fit --method vae features.csv -p n_epochs=50 -o vae.smrtm   # every column a feature\n"
      "  smrt fit --method autoencoder X.npy -p n_hidden=450 -p early_stopping=True -o ae.smrtm\n"
      "  smrt fit --method cgan train_X.npy --labels train_y.npy --seed 1 -o cgan.smrtm\n"
      "  smrt fit --method smate X.npy --labels y.npy -p loss=wgan-gp -p sampling_strategy=minority -o smate.smrtm\n"
      "Then: smrt generate vae3.smrtm -n 100 -o fake.npy --grid fake.png");
  cmd->callback([a] { run_fit(*a); });
}

}  // namespace smrt::cli
#endif  // SMRT_HAVE_GENERATIVE
