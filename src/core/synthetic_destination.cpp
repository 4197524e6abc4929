#include "smrt/core/synthetic_destination.h"

#include <utility>

namespace smrt {
namespace {
thread_local SyntheticDestinationScope* current_scope = nullptr;
}  // namespace

SyntheticDestinationScope::SyntheticDestinationScope(SyntheticAllocator allocate)
    : allocate_(std::move(allocate)), previous_(current_scope) {
  current_scope = this;
}

SyntheticDestinationScope::~SyntheticDestinationScope() { current_scope = previous_; }

void SyntheticDestinationScope::plan_rows(int64_t n_rows) {
  if (current_scope && current_scope->planned_rows_ < 0) current_scope->planned_rows_ = n_rows;
}

float* SyntheticDestinationScope::claim(int64_t n_cols, int64_t* capacity_rows) {
  SyntheticDestinationScope* s = current_scope;
  if (!s || s->claimed_ || s->planned_rows_ <= 0 || !s->allocate_) return nullptr;
  s->claimed_ = true;
  float* room = s->allocate_(s->planned_rows_, n_cols);
  if (room && capacity_rows) *capacity_rows = s->planned_rows_;
  return room;
}

}  // namespace smrt
