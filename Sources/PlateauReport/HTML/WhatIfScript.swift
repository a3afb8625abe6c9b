/// The what-if page's script (``WhatIfPage``): plain JavaScript, no libraries, no network. It
/// repeats the library's closed forms and its Brent solve — each function names the Swift it
/// mirrors — and the tests hold its numbers to the CLI's (`ExploreBrowserTests`).
enum WhatIfScript {
    static let source = #"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plateau-data").textContent);
  function el(id) { return document.getElementById(id); }

  // ---- The library's maths, written once more for the page (PlateauCore is the reference) ----

  // A law as the page reads it: (E, A, B, α, β).
  function unpack(c) { return { E: c[0], A: c[1], B: c[2], alpha: c[3], beta: c[4] }; }

  // ChinchillaLaw.loss(parameters:tokens:)
  function lossOf(l, n, d) {
    return l.E + l.A * Math.exp(-l.alpha * Math.log(n)) + l.B * Math.exp(-l.beta * Math.log(d));
  }
  // ChinchillaLaw.frontierScale: G = (αA/(βB))^(1/(α+β))
  function frontierScale(l) { return Math.exp(Math.log(l.alpha * l.A / (l.beta * l.B)) / (l.alpha + l.beta)); }
  // ChinchillaLaw.hasFrontier
  function hasFrontier(l) {
    var g = frontierScale(l);
    return [l.E, l.A, l.B, l.alpha, l.beta].every(Number.isFinite) && l.A > 0 && l.B > 0 && l.alpha > 0 &&
      l.beta > 0 && Number.isFinite(g) && g > 0;
  }
  // ChinchillaLaw.plan(flops:): N_opt = G·(C/6)^(β/(α+β)), D_opt = (C/6)^(α/(α+β))/G
  function plan(l, c) {
    var g = frontierScale(l), c6 = Math.log(c / 6);
    var n = g * Math.exp(l.beta / (l.alpha + l.beta) * c6), d = Math.exp(l.alpha / (l.alpha + l.beta) * c6) / g;
    return { flops: c, n: n, d: d, loss: lossOf(l, n, d) };
  }
  // ChinchillaLaw.flops(forReducibleLoss:): 6·(K/r)^(1/γ), K = A·G^(−α) + B·G^β, γ = αβ/(α+β)
  function flopsForReducible(l, r) {
    var g = frontierScale(l), k = l.A * Math.pow(g, -l.alpha) + l.B * Math.pow(g, l.beta);
    return 6 * Math.pow(k / r, 1 / (l.alpha * l.beta / (l.alpha + l.beta)));
  }

  // Brent.minimize(on:_:tolerance:maxEvaluations:_:) — Brent (1973), ch. 5.
  function brent(lower, upper, tolerance, f) {
    var golden = 0.3819660112501051;
    var a = lower, b = upper, x = a + golden * (b - a), w = x, v = x;
    var fx = f(x), fw = fx, fv = fx, d = 0, e = 0, evaluations = 1;
    while (evaluations < 500) {
      var m = 0.5 * (a + b), tol1 = tolerance * Math.abs(x) + 1e-300, tol2 = 2 * tol1;
      if (Math.abs(x - m) <= tol2 - 0.5 * (b - a)) return { x: x, value: fx };
      var useGolden = true;
      if (Math.abs(e) > tol1) {
        var r = (x - w) * (fx - fv), q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
        q = 2 * (q - r);
        if (q > 0) { p = -p; } else { q = -q; }
        r = e;
        e = d;
        if (Math.abs(p) < Math.abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x)) {
          d = p / q;
          var t = x + d;
          if (t - a < tol2 || b - t < tol2) d = m >= x ? tol1 : -tol1;
          useGolden = false;
        }
      }
      if (useGolden) {
        e = x >= m ? a - x : b - x;
        d = golden * e;
      }
      var u = Math.abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1);
      var fu = f(u);
      evaluations += 1;
      if (fu <= fx) {
        if (u >= x) { a = x; } else { b = x; }
        v = w; fv = fw; w = x; fw = fx; x = u; fx = fu;
      } else {
        if (u < x) { a = u; } else { b = u; }
        if (fu <= fw || w === x) {
          v = w; fv = fw; w = u; fw = fu;
        } else if (fu <= fv || v === x || v === w) {
          v = u; fv = fu;
        }
      }
    }
    return { x: x, value: fx };
  }

  // InferenceAwarePlan.sameLoss, counting FLOPs (weights 1 and 1): the cheapest run reaching the
  // Chinchilla-optimal loss when serving t tokens costs 2·N·t FLOPs.
  function inferenceAware(l, c, t) {
    var chinchilla = plan(l, c), target = chinchilla.loss;
    var logNMin = Math.log(l.A / (target - l.E)) / l.alpha;
    function tokens(logN) {
      var room = target - l.E - l.A * Math.exp(-l.alpha * logN);
      return Math.pow(l.B / room, 1 / l.beta);
    }
    function cost(logN) {
      var n = Math.exp(logN), d = tokens(logN);
      if (!(Number.isFinite(d) && d > 0)) return Infinity;
      return 1 * 6 * n * d + 1 * 2 * n * t;
    }
    var upper = Math.max(logNMin + 1e-9, Math.log(chinchilla.n)) + 0.01;
    var r = brent(logNMin + 1e-9, upper, 1e-10, cost);
    var n = Math.exp(r.x), d = tokens(r.x);
    return { chinchilla: chinchilla, plan: { flops: 6 * n * d, n: n, d: d, loss: lossOf(l, n, d) } };
  }

  // MuennighoffLaw: U + U·R*·(1 − e^(−R/R*)), and the loss with effective N' and D'.
  function effective(unique, repetitions, scale) { return unique + unique * scale * -Math.expm1(-repetitions / scale); }
  function constrainedLoss(m, n, d, u) {
    var uD = Math.min(u, d), g = frontierScale(m.base);
    var a = m.base.beta / (m.base.alpha + m.base.beta), b = m.base.alpha / (m.base.alpha + m.base.beta);
    var uN = Math.min(n, g * Math.pow(uD * g, a / b));
    return lossOf(m.base, effective(uN, n / uN - 1, m.rn), effective(uD, d / uD - 1, m.rd));
  }
  // DataConstrainedPlan: minimise L(N, C/(6N), U) over log N by Brent's method.
  function dataConstrained(m, c, u) {
    var unlimited = plan(m.base, c), logC6 = Math.log(c / 6), center = Math.log(unlimited.n);
    var r = brent(center - Math.log(1e4), Math.min(center + Math.log(1e4), logC6), 1e-10, function (logN) {
      return constrainedLoss(m, Math.exp(logN), Math.exp(logC6 - logN), u);
    });
    var n = Math.exp(r.x), d = c / (6 * n), uD = Math.min(u, d);
    return {
      plan: { flops: c, n: n, d: d, loss: r.value }, unlimited: unlimited, epochs: d / u,
      effective: effective(uD, d / uD - 1, m.rd), penalty: r.value - unlimited.loss
    };
  }

  // Interval.percentile (numpy's linear interpolation) and Interval.Checked (when to withhold).
  function percentile(values, p) {
    var s = values.slice().sort(function (x, y) { return x - y; });
    if (!s.length) return NaN;
    var position = Math.min(Math.max(p, 0), 1) * (s.length - 1), i = Math.floor(position), f = position - i;
    if (!(i + 1 < s.length) || !(f > 0) || s[i + 1] === s[i]) return s[i];
    return s[i] + f * (s[i + 1] - s[i]);
  }
  function checked(draws, estimate, level) {
    var usable = draws.filter(function (x) { return !Number.isNaN(x); });
    if (usable.length < data.minimum_draws) return { why: "too few resamples" };
    var tail = (1 - level) / 2, lower = percentile(usable, tail), upper = percentile(usable, 1 - tail);
    if (upper - lower <= 1e-9 * Math.max(Math.abs(estimate), Math.abs(lower))) {
      return { why: "zero width: every resample gave the same value" };
    }
    if (Number.isFinite(estimate) && !(lower <= estimate && estimate <= upper)) {
      return { why: "the resamples exclude the estimate" };
    }
    return { lower: lower, upper: upper };
  }
  // FrontierDecisions: each draw's own plan at the budget; percentiles of N_opt, D_opt, D/N, loss.
  function decisions(law, c) {
    var drawn = law.draws.filter(hasFrontier).map(function (l) { return plan(l, c); });
    function column(f) { return drawn.map(f).filter(Number.isFinite); }
    var p = plan(law.law, c);
    return {
      n: checked(column(function (x) { return x.n; }), p.n, law.level),
      d: checked(column(function (x) { return x.d; }), p.d, law.level),
      ratio: checked(column(function (x) { return x.d / x.n; }), p.d / p.n, law.level),
      loss: checked(column(function (x) { return x.loss; }), p.loss, law.level)
    };
  }

  // ComputeCost: GPU-hours = FLOPs/(peak·MFU)/3600; $ = hours·price; kWh = hours·W/1000·PUE; kg = kWh·grid.
  function cost(flops, hardware, mfu) {
    var hours = flops / (hardware.peak_flops * mfu) / 3600;
    var price = state.price !== null ? state.price : hardware.usd_per_hour;
    var watts = start.watts !== undefined ? start.watts : hardware.watts;
    var kwh = watts !== null && watts !== undefined ? hours * watts / 1000 * state.pue : null;
    return {
      flops: flops, hours: hours, usd: price !== null && price !== undefined ? hours * price : null, kwh: kwh,
      kg: kwh !== null ? kwh * state.grid : null
    };
  }

  // ---- Numbers as the CLI prints them (NumberFormat) ----
  function sig(v, digits) {
    if (!Number.isFinite(v)) return "undefined";
    var s = v.toPrecision(digits);
    if (s.indexOf("e") < 0 && s.indexOf(".") >= 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
    return s.replace(/e\+?/, "e");
  }
  function si(v) {
    if (!Number.isFinite(v)) return "undefined";
    var units = [[1e15, "P"], [1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(v) >= units[i][0]) return sig(v / units[i][0], 3) + units[i][1];
    }
    return sig(v, 3);
  }
  // A whole number with thousands separators: 701,884.
  function grouped(v) {
    if (!Number.isFinite(v)) return "undefined";
    if (Math.abs(v) >= 1e15) return sci(v);
    return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }
  function sci(v) { return Number.isFinite(v) ? v.toExponential(3) : "undefined"; }
  function dollars(v) { return v === null ? "price unknown" : "$" + si(v); }
  function interval(ci, format) {
    if (ci.lower === undefined) return "none (" + ci.why + ")";
    return format(ci.lower) + " – " + format(ci.upper);
  }
  function parseQuantity(text) {
    var s = String(text).trim().replace(/[,_]/g, "");
    var m = { k: 1e3, K: 1e3, M: 1e6, B: 1e9, G: 1e9, T: 1e12, P: 1e15, E: 1e18 }[s.slice(-1)];
    var v = Number(m && s.length > 1 ? s.slice(0, -1) : s) * (m && s.length > 1 ? m : 1);
    return Number.isFinite(v) && v > 0 ? v : null;
  }
  // 5000000000000 → 5e12, 1585000000000 → 1.585e12, 0.4 → 0.4.
  function fragmentNumber(v) { return (Math.abs(v) >= 1e5 ? v.toExponential() : String(v)).replace("e+", "e"); }

  // ---- State: the URL fragment and the controls ----
  var laws = data.laws.map(function (l) {
    return {
      id: l.id, label: l.label, law: unpack(l.law), draws: l.draws.map(unpack), source: l.draws_source,
      level: l.level, largest: l.largest_fitted_flops, warnings: l.warnings
    };
  });
  var muennighoff = {
    base: unpack(data.data_constrained.base), rd: data.data_constrained.r_d_star, rn: data.data_constrained.r_n_star
  };
  var start = data.start;
  var state = {};

  function hardwareNamed(name) {
    for (var i = 0; i < data.accelerators.length; i++) {
      if (data.accelerators[i].name.toLowerCase() === String(name).toLowerCase()) return data.accelerators[i];
    }
    return null;
  }
  function lawNamed(id) {
    for (var i = 0; i < laws.length; i++) if (laws[i].id === id) return laws[i];
    return null;
  }

  function reset() {
    state = {
      law: laws[0].id, mode: "flops", budget: start.budget, gpus: start.gpus, days: 30, gpu: start.gpu,
      price: start.price === undefined ? null : start.price, mfu: start.mfu, pue: start.pue, grid: start.grid,
      serve: start.serve === undefined ? null : start.serve, unique: start.unique === undefined ? null : start.unique,
      serveLevel: start.serve === undefined ? 12 : Math.log10(start.serve),
      uniqueLevel: start.unique === undefined ? 11 : Math.log10(start.unique)
    };
  }

  function readFragment() {
    reset();
    var notes = [];
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) return notes;
    hash.split("&").forEach(function (pair) {
      if (!pair) return;
      var at = pair.indexOf("="), key = at < 0 ? pair : pair.slice(0, at);
      var value = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1));
      var number = parseQuantity(value);
      switch (key) {
        case "law": if (lawNamed(value)) { state.law = value; } else { notes.push("unknown law '" + value + "'"); } break;
        case "budget": if (number) { state.budget = number; state.mode = "flops"; } else { notes.push("budget '" + value + "' is not a positive number"); } break;
        case "gpus": if (number && number >= 1) { state.gpus = Math.round(number); } else { notes.push("gpus '" + value + "' is not a count"); } break;
        case "days": if (number) { state.days = number; state.mode = "gpus"; } else { notes.push("days '" + value + "' is not a positive number"); } break;
        case "gpu": if (hardwareNamed(value)) { state.gpu = hardwareNamed(value).name; } else { notes.push("unknown accelerator '" + value + "'"); } break;
        case "price": if (number) { state.price = number; } else { notes.push("price '" + value + "' is not a positive number"); } break;
        case "mfu": if (number && number <= 1) { state.mfu = number; } else { notes.push("mfu '" + value + "' is not in (0, 1]"); } break;
        case "pue": if (number && number >= 1) { state.pue = number; } else { notes.push("pue '" + value + "' is not at least 1"); } break;
        case "grid": if (value === "0" || number) { state.grid = number || 0; } else { notes.push("grid '" + value + "' is not a number"); } break;
        case "serve": if (number) { state.serve = number; state.serveLevel = Math.log10(number); } else if (value === "0" || value === "off") { state.serve = null; } else { notes.push("serve '" + value + "' is not a number of tokens"); } break;
        case "unique": if (number) { state.unique = number; state.uniqueLevel = Math.log10(number); } else if (value === "0" || value === "off") { state.unique = null; } else { notes.push("unique '" + value + "' is not a number of tokens"); } break;
        default: notes.push("unknown setting '" + key + "'");
      }
    });
    return notes;
  }

  function writeFragment() {
    var parts = [];
    if (laws.length > 1) parts.push("law=" + encodeURIComponent(state.law));
    if (state.mode === "gpus") {
      parts.push("gpus=" + state.gpus, "days=" + fragmentNumber(state.days));
    } else {
      parts.push("budget=" + fragmentNumber(state.budget));
      if (state.gpus !== start.gpus) parts.push("gpus=" + state.gpus);
    }
    parts.push("gpu=" + encodeURIComponent(state.gpu));
    if (state.price !== null) parts.push("price=" + fragmentNumber(state.price));
    if (state.mfu !== start.mfu) parts.push("mfu=" + fragmentNumber(state.mfu));
    if (state.pue !== start.pue) parts.push("pue=" + fragmentNumber(state.pue));
    if (state.grid !== start.grid) parts.push("grid=" + fragmentNumber(state.grid));
    if (state.serve !== null) parts.push("serve=" + fragmentNumber(state.serve));
    if (state.unique !== null) parts.push("unique=" + fragmentNumber(state.unique));
    var next = "#" + parts.join("&");
    // In a notebook's srcdoc frame the address may not be writable; the page works without it.
    try {
      if (window.location.hash !== next) window.history.replaceState(null, "", next);
    } catch (e) {
      return;
    }
  }

  // A slider's value as a round number: four significant digits of 10^x.
  function levelValue(x) { return Number(Math.pow(10, Number(x)).toPrecision(4)); }

  function showControls() {
    el("law").value = state.law;
    el("mode-flops").checked = state.mode === "flops";
    el("mode-gpus").checked = state.mode === "gpus";
    el("flops-controls").hidden = state.mode !== "flops";
    el("gpu-controls").hidden = state.mode !== "gpus";
    el("budget").value = String(Math.log10(state.budget));
    el("gpus").value = String(state.gpus);
    el("days").value = String(state.days);
    el("gpu").value = state.gpu;
    var hardware = hardwareNamed(state.gpu);
    el("price").value = state.price !== null ? String(state.price) : (hardware.usd_per_hour ? String(hardware.usd_per_hour) : "");
    el("mfu").value = String(state.mfu);
    el("mfu-text").textContent = sig(state.mfu, 3);
    el("pue").value = String(state.pue);
    el("grid").value = String(state.grid);
    el("serve-on").checked = state.serve !== null;
    el("serve").disabled = state.serve === null;
    el("serve").value = String(state.serveLevel);
    put("serve-text", state.serve !== null ? si(state.serve) + " tokens" : "off", state.serve);
    el("unique-on").checked = state.unique !== null;
    el("unique").disabled = state.unique === null;
    el("unique").value = String(state.uniqueLevel);
    put("unique-text", state.unique !== null ? si(state.unique) + " tokens" : "off", state.unique);
  }

  function put(id, text, value, ci) {
    var node = el(id);
    node.textContent = text;
    if (value === undefined || value === null) { node.removeAttribute("data-value"); } else { node.setAttribute("data-value", String(value)); }
    if (ci && ci.lower !== undefined) {
      node.setAttribute("data-lower", String(ci.lower));
      node.setAttribute("data-upper", String(ci.upper));
    } else {
      node.removeAttribute("data-lower");
      node.removeAttribute("data-upper");
    }
  }
  function list(id, items) {
    var node = el(id);
    while (node.firstChild) node.removeChild(node.firstChild);
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      node.appendChild(li);
    });
  }
  function costCells(prefix, c) {
    put(prefix + "-flops", sci(c.flops), c.flops);
    put(prefix + "-hours", grouped(c.hours), c.hours);
    put(prefix + "-days", sig(c.hours / state.gpus / 24, 3) + " days on " + grouped(state.gpus), c.hours / state.gpus / 24);
    put(prefix + "-usd", dollars(c.usd), c.usd);
    put(prefix + "-mwh", c.kwh === null ? "power unknown" : sig(c.kwh / 1000, 4) + " MWh", c.kwh);
    put(prefix + "-co2", c.kg === null ? "—" : sig(c.kg / 1000, 4) + " " + (state.grid === 0.367 ? "tCO2" : "tCO2e"), c.kg);
  }
  function clearCells(prefix, text) {
    ["-flops", "-hours", "-days", "-usd", "-mwh", "-co2"].forEach(function (s) { put(prefix + s, text); });
  }

  function update() {
    var law = lawNamed(state.law), hardware = hardwareNamed(state.gpu);
    var flops = state.mode === "gpus" ? state.gpus * state.days * 24 * 3600 * hardware.peak_flops * state.mfu : state.budget;
    var p = plan(law.law, flops), ci = decisions(law, flops);
    el("law-text").textContent = "Law: " + law.label + ".";
    var warnings = law.warnings.slice();
    put("budget-out", sci(flops) + " FLOPs (C = 6·N·D)", flops);
    el("budget-text").textContent = sci(flops) + " FLOPs";
    put("n-opt", si(p.n) + " parameters" + (ci.n.lower !== undefined ? " (" + Math.round(law.level * 100) + " %: " + interval(ci.n, si) + ")" : ""), p.n, ci.n);
    put("d-opt", si(p.d) + (ci.d.lower !== undefined ? " (" + Math.round(law.level * 100) + " %: " + interval(ci.d, si) + ")" : ""), p.d, ci.d);
    put("ratio", sig(p.d / p.n, 3) + (ci.ratio.lower !== undefined ? " (" + Math.round(law.level * 100) + " %: " + interval(ci.ratio, function (v) { return sig(v, 3); }) + ")" : ""), p.d / p.n, ci.ratio);
    put("loss", p.loss.toFixed(4) + (ci.loss.lower !== undefined ? " (" + Math.round(law.level * 100) + " %: " + interval(ci.loss, function (v) { return v.toFixed(4); }) + ")" : ""), p.loss, ci.loss);
    el("interval-note").textContent = law.draws.length
      ? "Intervals: " + law.source + ". " + (ci.n.lower === undefined ? "No interval on N_opt: " + ci.n.why + "." : "")
      : "No intervals: " + law.source + ".";
    if (law.largest) {
      var times = flops / law.largest;
      put("extrapolation", sig(times, 3) + "× the compute of the largest fitted run (" + sci(law.largest) + " FLOPs)", times);
      if (times > data.far_threshold) {
        warnings.push("[far-extrapolation] this budget is " + sig(times, 3) + "× the largest fitted run's compute, more than " + data.far_threshold + "× beyond it — the law is untested there; read any interval as a lower bound on the uncertainty");
      }
    } else {
      put("extrapolation", "unknown (no runs behind this law)");
    }

    var training = cost(flops, hardware, state.mfu);
    costCells("train", training);

    // Serving: the inference-aware plan at the same loss, and what serving it costs.
    var served = null;
    if (state.serve !== null) {
      served = inferenceAware(law.law, flops, state.serve);
      var servingCost = cost(2 * served.plan.n * state.serve, hardware, start.serve_mfu);
      costCells("serve", servingCost);
      var before = 6 * served.chinchilla.n * served.chinchilla.d + 2 * served.chinchilla.n * state.serve;
      var after = 6 * served.plan.n * served.plan.d + 2 * served.plan.n * state.serve;
      put("serving", "Serving " + si(state.serve) + " tokens, the same loss (" + served.plan.loss.toFixed(4) + ") for the fewest total FLOPs: N " + si(served.plan.n) + " (Chinchilla-optimal " + si(served.chinchilla.n) + "), D " + si(served.plan.d) + " (" + sig(served.plan.d / served.plan.n, 3) + " tokens per parameter), training " + sci(served.plan.flops) + " FLOPs; training plus serving " + sci(after) + " FLOPs against " + sci(before) + " — " + (100 * (1 - after / before)).toFixed(1) + " % less.", served.plan.n);
      el("serve-note").textContent = "Serving column: the inference-aware model serving " + si(state.serve) + " tokens (2·N FLOPs a token) on the same accelerator; " + data.serving_mfu_note + ".";
    } else {
      clearCells("serve", "—");
      put("serving", "");
      el("serve-note").textContent = "Turn on serving to plan for the tokens the model will serve.";
    }
    el("serving-out").hidden = served === null;

    // Data-constrained plan with Muennighoff et al.'s constants.
    var dataWarnings = [];
    if (state.unique !== null) {
      var dc = dataConstrained(muennighoff, flops, state.unique);
      put("constrained", "With " + si(state.unique) + " unique tokens (Muennighoff et al. 2023's law with its own base constants, not the law above): N " + si(dc.plan.n) + ", D " + si(dc.plan.d) + " — " + sig(dc.epochs, 3) + " epochs, worth " + si(dc.effective) + " unique tokens; loss " + dc.plan.loss.toFixed(4) + " against " + dc.unlimited.loss.toFixed(4) + " with unlimited data: the data limit costs " + dc.penalty.toFixed(4) + " nats.", dc.plan.n);
      var range = data.data_constrained.fitted_unique_tokens, maxEpochs = data.data_constrained.fitted_max_epochs;
      if (state.unique < range[0]) dataWarnings.push("the unique-token budget is below the smallest of Muennighoff et al.'s runs (1e8): the data-constrained law has not been tested there, so read its plan as a guess");
      if (dc.epochs > maxEpochs) dataWarnings.push("the data-constrained plan repeats the data " + sig(dc.epochs, 3) + " times, beyond the most in Muennighoff et al.'s runs (9,000): the law has not been tested there");
    } else {
      put("constrained", "");
    }
    list("data-warnings", dataWarnings);
    el("data-out").hidden = state.unique === null;

    // The next 10 % of reducible loss: the first step of 'plateau returns --cut 0.1'.
    var reducible = p.loss - law.law.E, next = flopsForReducible(law.law, 0.9 * reducible);
    var nextCost = cost(next, hardware, state.mfu);
    put("marginal", "cutting L − E from " + reducible.toFixed(4) + " to " + (0.9 * reducible).toFixed(4) + " (loss " + (law.law.E + 0.9 * reducible).toFixed(4) + ") takes " + sig(next / flops, 4) + "× the compute, " + sci(next) + " FLOPs: a whole run of " + dollars(nextCost.usd) + (nextCost.usd !== null && training.usd !== null ? ", " + dollars(nextCost.usd - training.usd) + " more than this one" : "") + ".", next);

    list("warnings", warnings);
    drawChart(law, hardware, flops, p, training);
    writeFragment();
  }

  // ---- The chart: loss against training cost along the frontier, the current run marked ----
  var svgNS = "http://www.w3.org/2000/svg";
  function svg(name, attributes, text) {
    var node = document.createElementNS(svgNS, name);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, String(attributes[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function drawChart(law, hardware, flops, current, training) {
    var priced = training.usd !== null;
    var xOf = function (c) { var k = cost(c, hardware, state.mfu); return priced ? k.usd : k.hours; };
    var lowC = Math.min(flops, law.largest || flops) / 100, highC = Math.max(flops, law.largest || flops) * 1000;
    var points = [], band = [];
    for (var i = 0; i <= 60; i++) {
      var c = lowC * Math.pow(highC / lowC, i / 60), q = plan(law.law, c);
      points.push([xOf(c), q.loss]);
      var losses = law.draws.filter(hasFrontier).map(function (l) { return plan(l, c).loss; }).filter(Number.isFinite);
      var ci = checked(losses, q.loss, law.level);
      if (ci.lower !== undefined) band.push([xOf(c), ci.lower, ci.upper]);
    }
    var ys = points.map(function (p) { return p[1]; }).concat(band.map(function (b) { return b[1]; }), band.map(function (b) { return b[2]; }));
    var yLow = Math.min.apply(null, ys), yHigh = Math.max.apply(null, ys), pad = 0.04 * (yHigh - yLow || 1);
    yLow -= pad; yHigh += pad;
    var xLow = Math.log10(points[0][0]), xHigh = Math.log10(points[points.length - 1][0]);
    var width = 720, height = 360, left = 64, right = 16, top = 16, bottom = 48;
    function px(x) { return left + (Math.log10(x) - xLow) / (xHigh - xLow) * (width - left - right); }
    function py(y) { return top + (yHigh - y) / (yHigh - yLow) * (height - top - bottom); }
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, "class": "chart", role: "img", "aria-labelledby": "chart-svg-title chart-svg-desc" });
    root.appendChild(svg("title", { id: "chart-svg-title" }, "Predicted loss against training cost along the compute-optimal frontier"));
    root.appendChild(svg("desc", { id: "chart-svg-desc" }, "The current run costs " + (priced ? dollars(training.usd) : sig(training.hours, 4) + " GPU-hours") + " and reaches a loss of " + current.loss.toFixed(4) + "."));
    for (var k = Math.ceil(xLow); k <= Math.floor(xHigh); k++) {
      var gx = px(Math.pow(10, k));
      root.appendChild(svg("line", { x1: gx, x2: gx, y1: top, y2: height - bottom, "class": "gridline" }));
      root.appendChild(svg("text", { x: gx, y: height - bottom + 16, "text-anchor": "middle", "class": "tick" }, (priced ? "$" : "") + "10" + superscript(k)));
    }
    var step = niceStep((yHigh - yLow) / 5);
    for (var y = Math.ceil(yLow / step) * step; y <= yHigh; y += step) {
      root.appendChild(svg("line", { x1: left, x2: width - right, y1: py(y), y2: py(y), "class": "gridline" }));
      root.appendChild(svg("text", { x: left - 6, y: py(y) + 4, "text-anchor": "end", "class": "tick" }, y.toFixed(step < 0.01 ? 3 : 2)));
    }
    root.appendChild(svg("text", { x: (left + width - right) / 2, y: height - 8, "text-anchor": "middle", "class": "axis" }, priced ? "training cost, US dollars (" + hardware.name + ")" : "training GPU-hours (" + hardware.name + ")"));
    root.appendChild(svg("text", { x: 14, y: (top + height - bottom) / 2, "text-anchor": "middle", "class": "axis", transform: "rotate(-90 14 " + (top + height - bottom) / 2 + ")" }, "predicted loss"));
    if (band.length > 1) {
      var d = band.map(function (b, j) { return (j ? "L" : "M") + px(b[0]).toFixed(1) + "," + py(b[2]).toFixed(1); }).join("") +
        band.slice().reverse().map(function (b) { return "L" + px(b[0]).toFixed(1) + "," + py(b[1]).toFixed(1); }).join("") + "Z";
      root.appendChild(svg("path", { d: d, "class": "band" }));
    }
    root.appendChild(svg("path", { d: points.map(function (p, j) { return (j ? "L" : "M") + px(p[0]).toFixed(1) + "," + py(p[1]).toFixed(1); }).join(""), "class": "frontier" }));
    if (law.largest) {
      var fx = px(xOf(law.largest));
      root.appendChild(svg("line", { x1: fx, x2: fx, y1: top, y2: height - bottom, "class": "fitted" }));
      root.appendChild(svg("text", { x: fx + 4, y: top + 12, "class": "legend" }, "largest fitted run"));
    }
    var cx = px(xOf(flops)), cy = py(current.loss);
    root.appendChild(svg("circle", { cx: cx, cy: cy, r: 6, "class": "current" }));
    root.appendChild(svg("text", { x: cx + (cx > width - 200 ? -10 : 10), y: cy - 10, "text-anchor": cx > width - 200 ? "end" : "start", "class": "legend" }, "this plan: " + current.loss.toFixed(4)));
    var frame = el("chart");
    while (frame.firstChild) frame.removeChild(frame.firstChild);
    frame.appendChild(root);
    el("chart-caption").textContent = "The line is the law's compute-optimal frontier from " + sci(lowC) + " to " + sci(highC) + " FLOPs" + (band.length > 1 ? "; the band is the " + Math.round(law.level * 100) + " % interval of the draws' own optimal losses" : "") + "; the dot is the plan above. Cost at " + sig(state.mfu, 3) + " MFU on " + hardware.name + ".";
  }
  function superscript(k) {
    var digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    return String(k).split("").map(function (ch) { return ch === "-" ? "⁻" : digits[Number(ch)]; }).join("");
  }
  function niceStep(raw) {
    var power = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / power;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
  }

  // ---- Wiring ----
  function changed() { showControls(); update(); }
  el("law").addEventListener("change", function () { state.law = el("law").value; changed(); });
  el("mode-flops").addEventListener("change", function () { if (el("mode-flops").checked) { state.mode = "flops"; changed(); } });
  el("mode-gpus").addEventListener("change", function () { if (el("mode-gpus").checked) { state.mode = "gpus"; changed(); } });
  el("budget").addEventListener("input", function () { state.budget = levelValue(el("budget").value); changed(); });
  el("gpus").addEventListener("input", function () { var v = Math.round(Number(el("gpus").value)); if (v >= 1) { state.gpus = v; update(); } });
  el("days").addEventListener("input", function () { var v = Number(el("days").value); if (v > 0) { state.days = v; update(); } });
  el("gpu").addEventListener("change", function () { state.gpu = el("gpu").value; state.price = null; changed(); });
  el("price").addEventListener("input", function () { var v = Number(el("price").value); if (v > 0) { state.price = v; update(); } });
  el("mfu").addEventListener("input", function () { state.mfu = Number(el("mfu").value); changed(); });
  el("pue").addEventListener("input", function () { var v = Number(el("pue").value); if (v >= 1) { state.pue = v; update(); } });
  el("grid").addEventListener("input", function () { var v = Number(el("grid").value); if (v >= 0 && el("grid").value !== "") { state.grid = v; update(); } });
  el("serve-on").addEventListener("change", function () { state.serve = el("serve-on").checked ? levelValue(state.serveLevel) : null; changed(); });
  el("serve").addEventListener("input", function () { state.serveLevel = Number(el("serve").value); state.serve = levelValue(state.serveLevel); changed(); });
  el("unique-on").addEventListener("change", function () { state.unique = el("unique-on").checked ? levelValue(state.uniqueLevel) : null; changed(); });
  el("unique").addEventListener("input", function () { state.uniqueLevel = Number(el("unique").value); state.unique = levelValue(state.uniqueLevel); changed(); });
  el("controls").addEventListener("submit", function (event) { event.preventDefault(); });

  function load() {
    var notes = readFragment();
    showControls();
    update();
    if (notes.length) {
      var node = el("warnings"), li = document.createElement("li");
      li.textContent = "The address's settings were not all understood (" + notes.join("; ") + "); the defaults stand for those.";
      node.insertBefore(li, node.firstChild);
    }
  }
  // An edited address (history.replaceState above does not fire this).
  window.addEventListener("hashchange", load);
  load();
})();
"""#
}
