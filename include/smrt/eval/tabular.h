#pragma once
// Protocol d (tabular) and the same protocol on a user's own table.
//   d: six binary tables that scripts/setup exports from scikit-learn
//      (data/tabular/NAME_{X,y}.npy: breast cancer, wine, 8x8 digits one-vs-rest,
//      three make_classification variants); per seed a stratified 30% test
//      split, and the training minority cut to 1:20 of the training majority
//      (at least 8 rows). One experiment per (set, classifier): logistic
//      regression and k-nearest neighbours, after standardising with the
//      training split's mean and std.
//   a user's table: stratified k-fold cross-validation (one fold per "seed"),
//      no cut, the same classifiers, methods and metrics.

#include <string>
#include <vector>

#include "smrt/eval/protocols.h"

namespace smrt::eval {

/// The names of protocol d's tables, in report order.
const std::vector<std::string>& tabular_set_names();

/// Protocol d: one Experiment per (set, classifier), ids "d-SET-lr" / "d-SET-knn".
std::vector<Experiment> protocol_d(const ProtocolOptions& options);

/// The protocol on `data` (a loaded user table): `folds` stratified folds
/// shuffled by options.base_seed; ids "table-lr" / "table-knn".
std::vector<Experiment> table_protocol(const Dataset& data, const std::string& source, int folds,
                                       const ProtocolOptions& options);

/// Standardises train and test in place with train's column means and
/// standard deviations (columns with no spread are only centred).
void standardize_split(Dataset& train, Dataset& test);

}  // namespace smrt::eval
