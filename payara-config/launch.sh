# Shell functions for launching Payara Micro JVMs, sourced by ./flock and bench/flock-bench.

# True when something accepts connections on the local port.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The JVM options in a file: one per line, blank lines and # comments ignored.
jvm_options() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$1" | sed 's/^[[:space:]]*//;s/[[:space:]]*$//'; }
