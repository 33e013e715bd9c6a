# SPDX-License-Identifier: BSD-2-Clause
# Summarises build/bench/runs.csv (one line per QEMU run) for tests/bench/run.sh.
# Variables: tsc_mhz (host TSC ticks per us), app_size, grub_if, configs
# (space-separated, in table order), floors ("cfg=floor ..."), csv, md, targets.
# Plain POSIX awk (mawk): no asort, no strtonum.

function sorted(list, v,    n, i, j, t) {
	n = split(list, v, " ")
	for (i = 2; i <= n; i++) {
		t = v[i] + 0
		for (j = i - 1; j >= 1 && v[j] + 0 > t; j--)
			v[j + 1] = v[j]
		v[j + 1] = t
	}
	return n
}

function median(list,    n, v) {
	n = sorted(list, v)
	if (n == 0)
		return ""
	if (n % 2)
		return v[(n + 1) / 2] + 0
	return (v[n / 2] + v[n / 2 + 1]) / 2
}

function minimum(list,    n, v) {
	n = sorted(list, v)
	return n ? v[1] + 0 : ""
}

function maximum(list,    n, v) {
	n = sorted(list, v)
	return n ? v[n] + 0 : ""
}

function add(arr, key, value) {
	arr[key] = (key in arr) ? arr[key] " " value : value
}

function get(arr, key) {
	return (key in arr) ? arr[key] : ""
}

function label(cfg,    kind) {
	kind = cfg
	sub(/:.*/, "", kind)
	if (kind == "ours") return "multiboot.efi, DMA (-v)"
	if (kind == "ours-def") return "multiboot.efi, DMA (default output)"
	if (kind == "ours-q") return "multiboot.efi, DMA (-q)"
	if (kind == "ours-pre") return "multiboot.efi, DMA (-v), -mem-prealloc"
	if (kind == "ours-pio") return "multiboot.efi, port I/O (-v, DMA off)"
	if (kind == "fw") return "firmware alone (OVMF + exit app)"
	if (kind == "fw-pio") return "firmware alone, DMA off"
	if (kind == "fw-pre") return "firmware alone, -mem-prealloc"
	if (kind == "fw-none") return "firmware alone, no -kernel (disk on " grub_if ")"
	if (kind == "bios") return "SeaBIOS + QEMU's multiboot_dma.bin"
	if (kind == "bios-pio") return "SeaBIOS + QEMU's multiboot.bin (port I/O)"
	if (kind == "grub") return "GRUB under OVMF (FAT disk on " grub_if ")"
	if (kind == "setup") return "QEMU alone: -S, quit (host-side setup + exit)"
	if (kind == "wrap") return "multiboot-qemu, default route (the app as -kernel, fw_cfg files; -v)"
	if (kind == "wrap-esp") return "multiboot-qemu --esp (the app on a FAT drive, -kernel/-initrd; -v)"
	if (kind == "wrap-fw") return "multiboot-qemu, default route, exit app"
	if (kind == "wrap-esp-fw") return "multiboot-qemu --esp, exit app"
	if (kind == "touch") return "guest writes the payload's size of fresh pages (SeaBIOS + touch.S)"
	if (kind == "start-esp-copy") return "OVMF start: exit app on a FAT drive, fresh VARS copy (the wrapper before)"
	if (kind == "start-kernel-copy") return "OVMF start: exit app as -kernel, fresh VARS copy"
	if (kind == "start-kernel-preinit") return "OVMF start: exit app as -kernel, copy of a VARS booted once"
	if (kind == "start-kernel-ro") return "OVMF start: exit app as -kernel, VARS template read-only"
	if (kind == "start-2m") return "OVMF start: exit app as -kernel, OVMF_CODE.fd (2 MB), fresh VARS copy"
	if (kind == "start-bios") return "OVMF start: exit app as -kernel, -bios OVMF.fd"
	if (kind == "start-wrapper") return "OVMF start: multiboot-qemu's default (exit app)"
	if (kind == "start-wrapper-writable") return "OVMF start: multiboot-qemu --writable-vars (exit app)"
	return cfg
}

function size_label(bytes) {
	if (bytes == 0) return "none"
	if (bytes >= 1073741824) return sprintf("%g GiB", bytes / 1073741824)
	if (bytes >= 1048576) return sprintf("%g MiB", bytes / 1048576)
	return sprintf("%g KiB", bytes / 1024)
}

function fmt(x, f) {
	return x == "" ? "-" : sprintf(f, x)
}

function fmt_rate(x) {
	if (x == "") return "-"
	return sprintf(x >= 100 || x <= -100 ? "%.0f" : "%.1f", x)
}

function rate(bytes, seconds) {
	if (bytes == 0 || seconds == "" || seconds <= 0)
		return ""
	return bytes / 1e6 / seconds
}

function diff(a, b) {
	return (a == "" || b == "") ? "" : a - b
}

function verdict(ok) {
	return ok ? "**met**" : "**missed**"
}

# A loader cost against a limit: a negative or missing difference of medians
# says only that the noise is larger than the cost.
function cost_verdict(x, limit) {
	if (x == "")
		return "no data"
	if (x < 0)
		return "**inconclusive** (noise larger than the cost)"
	return verdict(x <= limit)
}

NR == 1 { next }
{
	cfg = $2
	bytes[cfg] = $3
	runs[cfg]++
	if ($4 != "ok")
		next
	ok[cfg]++
	add(wall, cfg, $5)
	W[cfg, $1] = $5
	reps[$1] = 1
	if ($6 != "") {
		add(entry, cfg, $6)
		G[cfg, $1] = $6 / tsc_mhz / 1e6
	}
	if ($7 != "" && $6 != "") {
		add(self_host, cfg, ($6 - $7) / tsc_mhz / 1000)
		if ($8 > 0)
			add(self_app, cfg, ($6 - $7) / $8 / 1000)
	}
	# The app's own times use its calibration ($8 ticks/us, a 1 ms Stall that
	# preemption stretches); back to TSC ticks, then the host's rate.
	if ($9 != "" && $8 > 0)
		add(loaded, cfg, $9 * $8 / tsc_mhz)
	if ($10 != "" && $8 > 0)
		add(xfer, cfg, $10 * $8 / tsc_mhz)
	if ($11 != "")
		add(touch, cfg, $11 / tsc_mhz / 1000)
}

# Median over repetitions of a's end-to-end time over b's in the same one.
function paired_ratio(a, b,    r, rl) {
	rl = ""
	for (r in reps)
		if ((a, r) in W && (b, r) in W && W[b, r] > 0)
			rl = rl " " (W[a, r] / W[b, r])
	return median(rl)
}

END {
	n = split(configs, order, " ")
	m = split(floors, fl, " ")
	for (i = 1; i <= m; i++) {
		split(fl[i], kv, "=")
		floor_of[kv[1]] = kv[2]
	}
	for (i = 1; i <= n; i++) {
		c = order[i]
		mw[c] = median(get(wall, c))
		nw[c] = minimum(get(wall, c))
		xw[c] = maximum(get(wall, c))
		mg[c] = (c in entry) ? median(entry[c]) / tsc_mhz / 1e6 : ""
		ms[c] = median(get(self_host, c))
		ma[c] = median(get(self_app, c))
		ml[c] = median(get(loaded, c))
		mx[c] = median(get(xfer, c))
		mt[c] = median(get(touch, c))
	}
	# Loader cost: the median over repetitions of (run - its floor's run in
	# the same repetition); each repetition runs every configuration once, so
	# a pair shares the load of its moment. Also the difference of medians.
	for (i = 1; i <= n; i++) {
		c = order[i]
		f = floor_of[c]
		cost[c] = costg[c] = costm[c] = ""
		if (f == "")
			continue
		costm[c] = diff(mw[c], mw[f])
		dl = gl = ""
		for (r in reps) {
			if ((c, r) in W && (f, r) in W)
				dl = dl " " (W[c, r] - W[f, r])
			if ((c, r) in G && (f, r) in G)
				gl = gl " " (G[c, r] - G[f, r])
		}
		cost[c] = median(dl)
		costg[c] = median(gl)
	}
	# GRUB against multiboot.efi (-v, DMA) for the same payload.
	for (i = 1; i <= n; i++) {
		c = order[i]
		if (c !~ /^grub:/)
			continue
		o = c
		sub(/^grub/, "ours", o)
		if (!(o in mw))
			continue
		rl = ""
		for (r in reps)
			if ((c, r) in W && (o, r) in W && W[o, r] > 0)
				rl = rl " " (W[c, r] / W[o, r])
		if (rl != "")
			ratio_e2e[c] = median(rl)
		if (cost[o] > 0 && cost[c] != "")
			ratio_cost[c] = cost[c] / cost[o]
	}

	print "| configuration | payload | runs ok | end-to-end s: median (min-max) | loader cost s | MB/s | loader cost s: difference of medians | loader cost s: guest TSC | app self-timed ms | app: transfer ms | GRUB / ours |" > md
	print "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |" > md
	print "config,label,payload_bytes,runs_ok,runs,floor,median_wall_s,min_wall_s,max_wall_s,loader_cost_s," \
	      "mb_per_s,median_guest_entry_s,loader_cost_guest_s,mb_per_s_guest,loader_cost_diff_of_medians_s," \
	      "app_self_ms_host_tsc,app_self_ms_app_clock,app_loaded_ms,app_transfer_ms," \
	      "grub_over_ours_e2e,grub_over_ours_cost" > csv
	for (i = 1; i <= n; i++) {
		c = order[i]
		f = floor_of[c]
		pl = size_label(bytes[c])
		if (c ~ /^(bios|bios-pio|setup):0$/) pl = "kernel only"
		lab = label(c)
		if (f != "")
			lab = lab " (vs " f ")"
		else if (c ~ /^(fw|fw-pio|fw-pre|fw-none|bios|bios-pio):/)
			lab = lab " [floor]"
		ratio = ""
		if (c in ratio_e2e)
			ratio = sprintf("%.2fx end-to-end", ratio_e2e[c])
		if (c in ratio_cost)
			ratio = ratio sprintf(", %.1fx loader cost", ratio_cost[c])
		self_txt = fmt(ms[c], "%.1f")
		if (ma[c] != "")
			self_txt = self_txt sprintf(" (app clock %.1f)", ma[c])
		if (mt[c] != "")
			self_txt = sprintf("touch loop %.1f", mt[c])
		e2e = fmt(mw[c], "%.3f")
		if (ok[c] > 1)
			e2e = e2e sprintf(" (%.2f-%.2f)", nw[c], xw[c])
		printf "| %s | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s |\n", lab, pl, ok[c], runs[c],
		       e2e, fmt(cost[c], "%.3f"), fmt_rate(rate(bytes[c], cost[c])),
		       fmt(costm[c], "%.3f"), fmt(costg[c], "%.3f"), self_txt, fmt(mx[c], "%.1f"),
		       ratio > md
		printf "%s,\"%s\",%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", c, label(c),
		       bytes[c], ok[c], runs[c], f, fmt(mw[c], "%.4f"), fmt(nw[c], "%.4f"), fmt(xw[c], "%.4f"),
		       fmt(cost[c], "%.4f"), fmt(rate(bytes[c], cost[c]), "%.1f"), fmt(mg[c], "%.4f"),
		       fmt(costg[c], "%.4f"), fmt(rate(bytes[c], costg[c]), "%.1f"), fmt(costm[c], "%.4f"),
		       fmt(ms[c], "%.2f"), fmt(ma[c], "%.2f"), fmt(ml[c], "%.2f"), fmt(mx[c], "%.2f"),
		       fmt(get(ratio_e2e, c), "%.3f"), fmt(get(ratio_cost, c), "%.3f") > csv
	}

	print "## Targets" > targets
	print "" > targets
	t = "ours:120M"
	if (t in mw)
		printf "- loader cost at 120 MiB <= 100 ms: %s s (%s), %s s guest TSC, %s s difference of medians; app self-timed %s ms (%s)\n",
		       fmt(cost[t], "%.3f"), cost_verdict(cost[t], 0.1), fmt(costg[t], "%.3f"),
		       fmt(costm[t], "%.3f"), fmt(ms[t], "%.1f"),
		       cost_verdict(ms[t] == "" ? "" : ms[t] / 1000, 0.1) > targets
	t = "ours:1G"
	if (t in mw)
		printf "- loader cost at 1 GiB <= 1 s: %s s (%s), %s s guest TSC, %s s difference of medians; app self-timed %s ms (%s)\n",
		       fmt(cost[t], "%.3f"), cost_verdict(cost[t], 1), fmt(costg[t], "%.3f"),
		       fmt(costm[t], "%.3f"), fmt(ms[t], "%.1f"),
		       cost_verdict(ms[t] == "" ? "" : ms[t] / 1000, 1) > targets
	if (t in mw) {
		r = rate(bytes[t], cost[t])
		line = sprintf("- effective DMA rate >= 5 GB/s (1 GiB): %s MB/s from the loader cost; app self-timed %s MB/s, the app's transfer alone %s MB/s",
			       fmt(r, "%.0f"), fmt(rate(bytes[t], ms[t] / 1000), "%.0f"),
			       fmt(rate(bytes[t], mx[t] / 1000), "%.0f"))
		s = "ours:120M"
		if ((s in ms) && ms[s] != "" && ms[t] != "" && ms[t] > ms[s])
			line = line sprintf(", marginal (120 MiB to 1 GiB, self-timed) %.0f MB/s",
					    (bytes[t] - bytes[s]) / 1e6 / ((ms[t] - ms[s]) / 1000))
		p = "ours-pre:1G"
		if (p in mw)
			line = line sprintf("; with -mem-prealloc: %s MB/s from the loader cost, %s MB/s self-timed, transfer alone %s MB/s",
					    fmt(rate(bytes[p], cost[p]), "%.0f"),
					    fmt(rate(bytes[p], ms[p] / 1000), "%.0f"),
					    fmt(rate(bytes[p], mx[p] / 1000), "%.0f"))
		sr = rate(bytes[t], ms[t] / 1000)
		print line ": " (r == "" ? "**inconclusive** from the loader cost" : verdict(r >= 5000) " from the loader cost") \
		      ", " (sr == "" ? "no self-timed data" : verdict(sr >= 5000) " self-timed") > targets
	}
	t = "ours-pio:8M"
	if (t in mw) {
		r = rate(bytes[t], cost[t])
		line = sprintf("- port I/O fallback >= 20 MB/s (8 MiB): %s MB/s from the loader cost, %s MB/s self-timed, transfer alone %s MB/s",
			       fmt(r, "%.1f"), fmt(rate(bytes[t], ms[t] / 1000), "%.1f"),
			       fmt(rate(bytes[t], mx[t] / 1000), "%.1f"))
		s = "ours-pio:1M"
		if ((s in ms) && ms[s] != "" && ms[t] != "" && ms[t] > ms[s])
			line = line sprintf(", marginal (1 to 8 MiB, self-timed) %.1f MB/s",
					    (bytes[t] - bytes[s]) / 1e6 / ((ms[t] - ms[s]) / 1000))
		sr = rate(bytes[t], ms[t] / 1000)
		print line ": " (r == "" ? "**inconclusive** from the loader cost" : verdict(r >= 20) " from the loader cost") \
		      ", " (sr == "" ? "no self-timed data" : verdict(sr >= 20) " self-timed") > targets
	}
	for (i = 1; i <= n; i++) {
		c = order[i]
		if (!(c in ratio_e2e))
			continue
		v = verdict(ratio_e2e[c] > 1)
		if (ratio_e2e[c] > 0.95 && ratio_e2e[c] < 1.05)
			v = "**tie** (within 5 %)"
		printf "- faster than GRUB (%s): GRUB takes %.2fx as long end-to-end (median of per-repetition ratios), %s our loader cost: %s\n",
		       size_label(bytes[c]), ratio_e2e[c],
		       (c in ratio_cost) ? sprintf("%.1fx", ratio_cost[c]) : "- x", v > targets
	}
	printf "- build/multiboot.efi <= 64 KiB: %d bytes (%.1f KiB): %s\n", app_size, app_size / 1024,
	       verdict(app_size <= 65536) > targets
	if (("wrap:120M" in mw) && ("wrap-esp:120M" in mw)) {
		r = paired_ratio("wrap:120M", "wrap-esp:120M")
		printf "- multiboot-qemu's default route at 120 MiB <= 0.85x its --esp route end-to-end: %s s against %s s, %sx (median of per-repetition ratios): %s\n",
		       fmt(mw["wrap:120M"], "%.3f"), fmt(mw["wrap-esp:120M"], "%.3f"), fmt(r, "%.2f"),
		       r == "" ? "no data" : verdict(r <= 0.85) > targets
	}
	b = "start-esp-copy:0"
	if (b in mw) {
		printf "- OVMF's start (exit app, no payload; end-to-end medians, ratio = median of per-repetition ratios to %s, %s s):\n", b, fmt(mw[b], "%.3f") > targets
		for (i = 1; i <= n; i++) {
			c = order[i]
			if (c !~ /^start-/ || c == b)
				continue
			r = paired_ratio(c, b)
			printf "  - %s: %s s, %sx%s\n", label(c), fmt(mw[c], "%.3f"), fmt(r, "%.2f"),
			       c == "start-wrapper:0" ? " (target <= 0.8x: " (r == "" ? "no data" : verdict(r <= 0.8)) ")" : "" > targets
		}
	}
	split("wrap:120M=touch:120M ours:1G=touch:1G", pairs, " ")
	for (i = 1; i <= 2; i++) {
		split(pairs[i], kv, "=")
		if (!(kv[1] in mw) || !(kv[2] in mt) || mt[kv[2]] == "" || mx[kv[1]] == "")
			continue
		printf "- %s: the app's transfer %.1f ms against the physical floor %.1f ms (the guest writing as many fresh pages), %.2fx (goal <= 1.2x): %s\n",
		       kv[1], mx[kv[1]], mt[kv[2]], mx[kv[1]] / mt[kv[2]],
		       verdict(mx[kv[1]] / mt[kv[2]] <= 1.2) > targets
	}
}
