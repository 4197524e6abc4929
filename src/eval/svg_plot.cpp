#include "smrt/eval/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace smrt::eval {
namespace {

const char* const kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

std::string tick_label(double v) {
  char buf[32];
  if (std::fabs(v) >= 1000 || (std::fabs(v) < 0.01 && v != 0)) std::snprintf(buf, sizeof(buf), "%.2g", v);
  else std::snprintf(buf, sizeof(buf), "%.3g", v);
  return buf;
}

/// Rounded tick positions covering [lo, hi].
std::vector<double> ticks(double lo, double hi, int target = 5) {
  const double span = hi - lo;
  if (!(span > 0)) return {lo};
  const double raw = span / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push_back(t);
  return out;
}

struct Frame {
  double left = 60, right = 150, top = 34, bottom = 46;
  double w, h;
  double x0, x1, y0, y1;
  double px(double x) const { return left + (x - x0) / (x1 - x0) * (w - left - right); }
  double py(double y) const { return h - bottom - (y - y0) / (y1 - y0) * (h - top - bottom); }
};

void header(std::ostringstream& os, const PlotOptions& o) {
  os << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << o.width << "\" height=\"" << o.height
     << "\" viewBox=\"0 0 " << o.width << " " << o.height << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
     << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
     << "<text x=\"" << o.width / 2 << "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">"
     << xml_escape(o.title) << "</text>\n";
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_line_plot(const std::vector<Series>& series, const PlotOptions& o) {
  Frame f;
  f.w = o.width;
  f.h = o.height;
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : series)
    for (size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      const double e = i < s.error.size() ? s.error[i] : 0;
      const double y = o.log_y ? std::log10(std::max(s.y[i], 1e-12)) : s.y[i];
      if (s.x.size() > 1) xlo = std::min(xlo, s.x[i]), xhi = std::max(xhi, s.x[i]);
      ylo = std::min(ylo, o.log_y ? y : s.y[i] - e);
      yhi = std::max(yhi, o.log_y ? y : s.y[i] + e);
    }
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1;
  if (!std::isfinite(ylo)) ylo = 0, yhi = 1;
  if (xhi <= xlo) xhi = xlo + 1;
  if (yhi <= ylo) yhi = ylo + 1e-3, ylo -= 1e-3;
  const double pad = (yhi - ylo) * 0.05;
  f.x0 = xlo;
  f.x1 = xhi;
  f.y0 = ylo - pad;
  f.y1 = yhi + pad;

  std::ostringstream os;
  header(os, o);
  // Axes, grid and ticks.
  for (double t : ticks(f.y0, f.y1)) {
    os << "<line x1=\"" << num(f.px(f.x0)) << "\" x2=\"" << num(f.px(f.x1)) << "\" y1=\"" << num(f.py(t))
       << "\" y2=\"" << num(f.py(t)) << "\" stroke=\"#e0e0e0\"/>\n";
    os << "<text x=\"" << num(f.left - 6) << "\" y=\"" << num(f.py(t) + 4) << "\" text-anchor=\"end\">"
       << tick_label(o.log_y ? std::pow(10.0, t) : t) << "</text>\n";
  }
  for (double t : ticks(f.x0, f.x1)) {
    os << "<line x1=\"" << num(f.px(t)) << "\" x2=\"" << num(f.px(t)) << "\" y1=\"" << num(f.py(f.y0)) << "\" y2=\""
       << num(f.py(f.y0) + 5) << "\" stroke=\"black\"/>\n";
    os << "<text x=\"" << num(f.px(t)) << "\" y=\"" << num(f.py(f.y0) + 18) << "\" text-anchor=\"middle\">"
       << tick_label(t) << "</text>\n";
  }
  os << "<rect x=\"" << num(f.left) << "\" y=\"" << num(f.top) << "\" width=\"" << num(f.w - f.left - f.right)
     << "\" height=\"" << num(f.h - f.top - f.bottom) << "\" fill=\"none\" stroke=\"black\"/>\n";
  os << "<text x=\"" << num((f.left + f.w - f.right) / 2) << "\" y=\"" << num(f.h - 8)
     << "\" text-anchor=\"middle\">" << xml_escape(o.x_label) << "</text>\n";
  os << "<text transform=\"translate(14," << num((f.top + f.h - f.bottom) / 2)
     << ") rotate(-90)\" text-anchor=\"middle\">" << xml_escape(o.y_label) << "</text>\n";

  for (size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    const char* color = kPalette[k % (sizeof(kPalette) / sizeof(kPalette[0]))];
    const std::string dash = s.dashed ? " stroke-dasharray=\"6,4\"" : "";
    auto yv = [&](size_t i) { return o.log_y ? std::log10(std::max(s.y[i], 1e-12)) : s.y[i]; };
    const bool reference = s.x.size() == 1;
    if (reference && std::isfinite(s.y[0])) {
      os << "<line x1=\"" << num(f.px(f.x0)) << "\" x2=\"" << num(f.px(f.x1)) << "\" y1=\"" << num(f.py(yv(0)))
         << "\" y2=\"" << num(f.py(yv(0))) << "\" stroke=\"" << color << "\" stroke-width=\"2\""
         << " stroke-dasharray=\"2,3\"/>\n";
    } else {
      os << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"2\"" << dash << " points=\"";
      for (size_t i = 0; i < s.x.size(); ++i)
        if (std::isfinite(s.y[i])) os << num(f.px(s.x[i])) << "," << num(f.py(yv(i))) << " ";
      os << "\"/>\n";
      for (size_t i = 0; i < s.x.size(); ++i) {
        if (!std::isfinite(s.y[i])) continue;
        if (i < s.error.size() && s.error[i] > 0 && !o.log_y)
          os << "<line x1=\"" << num(f.px(s.x[i])) << "\" x2=\"" << num(f.px(s.x[i])) << "\" y1=\""
             << num(f.py(s.y[i] - s.error[i])) << "\" y2=\"" << num(f.py(s.y[i] + s.error[i])) << "\" stroke=\""
             << color << "\"/>\n";
        if (s.x.size() <= 40)
          os << "<circle cx=\"" << num(f.px(s.x[i])) << "\" cy=\"" << num(f.py(yv(i))) << "\" r=\"3\" fill=\""
             << color << "\"/>\n";
      }
    }
    const double ly = f.top + 10 + 16 * static_cast<double>(k);
    os << "<line x1=\"" << num(f.w - f.right + 8) << "\" x2=\"" << num(f.w - f.right + 28) << "\" y1=\"" << num(ly)
       << "\" y2=\"" << num(ly) << "\" stroke=\"" << color << "\" stroke-width=\"2\""
       << (reference ? " stroke-dasharray=\"2,3\"" : dash) << "/>\n";
    os << "<text x=\"" << num(f.w - f.right + 32) << "\" y=\"" << num(ly + 4) << "\">" << xml_escape(s.name)
       << "</text>\n";
  }
  os << "</svg>\n";
  return os.str();
}

std::string svg_bar_chart(const std::vector<Bar>& bars, const PlotOptions& o) {
  PlotOptions opt = o;
  const double row = 22;
  opt.height = static_cast<int>(60 + row * static_cast<double>(bars.size()) + 30);
  std::ostringstream os;
  header(os, opt);
  const double left = 170, right = 70, top = 36;
  const double w = opt.width - left - right;
  double hi = 0;
  for (const auto& b : bars) hi = std::max(hi, b.value + b.error);
  const double x1 = hi <= 1.0 ? 1.0 : hi * 1.05;
  auto px = [&](double v) { return left + std::max(0.0, v) / x1 * w; };
  for (double t : ticks(0, x1)) {
    os << "<line x1=\"" << num(px(t)) << "\" x2=\"" << num(px(t)) << "\" y1=\"" << num(top) << "\" y2=\""
       << num(top + row * static_cast<double>(bars.size())) << "\" stroke=\"#e0e0e0\"/>\n";
    os << "<text x=\"" << num(px(t)) << "\" y=\"" << num(top + row * static_cast<double>(bars.size()) + 16)
       << "\" text-anchor=\"middle\">" << tick_label(t) << "</text>\n";
  }
  for (size_t k = 0; k < bars.size(); ++k) {
    const auto& b = bars[k];
    const double y = top + row * static_cast<double>(k);
    os << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y + 15) << "\" text-anchor=\"end\">" << xml_escape(b.name)
       << "</text>\n";
    os << "<rect x=\"" << num(left) << "\" y=\"" << num(y + 4) << "\" width=\"" << num(px(b.value) - left)
       << "\" height=\"" << num(row - 8) << "\" fill=\"" << kPalette[k % 10] << "\"/>\n";
    if (b.error > 0)
      os << "<line x1=\"" << num(px(b.value - b.error)) << "\" x2=\"" << num(px(b.value + b.error)) << "\" y1=\""
         << num(y + row / 2) << "\" y2=\"" << num(y + row / 2) << "\" stroke=\"black\"/>\n";
    char v[32];
    std::snprintf(v, sizeof(v), "%.3f", b.value);
    os << "<text x=\"" << num(px(b.value + b.error) + 4) << "\" y=\"" << num(y + 15) << "\">" << v << "</text>\n";
  }
  os << "<text x=\"" << num(left + w / 2) << "\" y=\"" << opt.height - 6 << "\" text-anchor=\"middle\">"
     << xml_escape(o.x_label) << "</text>\n";
  os << "</svg>\n";
  return os.str();
}

}  // namespace smrt::eval
