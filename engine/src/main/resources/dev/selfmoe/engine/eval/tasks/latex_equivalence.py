# Decides whether pairs of normalised LaTeX answers are equal as sympy expressions, the way the Minerva MATH
# metric does: both sides through sympy's LaTeX parser, their difference simplified, equal only if it is zero.
# Any parse, arithmetic or simplification failure, and running past the time limit, counts as "not equal".
#
# argv[1]: seconds allowed per pair (float). stdin: one JSON array [prediction, gold] per line.
# stdout: first a JSON object naming the library versions (or {"error": ...} and exit 3), then one JSON object
# {"equal": bool, "why": str} per input line, flushed at once.
import json
import signal
import sys


class OutOfTime(Exception):
    pass


def on_alarm(signum, frame):
    raise OutOfTime()


def verdict(parse_latex, simplify, prediction, gold, seconds):
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    stage = "parse"
    try:
        left = parse_latex(prediction)
        right = parse_latex(gold)
        stage = "subtract"
        difference = left - right
        stage = "simplify"
        return {"equal": bool(simplify(difference) == 0), "why": ""}
    except OutOfTime:
        return {"equal": False, "why": "timed out in " + stage}
    except Exception as e:  # the metric scores every failure as a miss
        return {"equal": False, "why": stage + " failed: " + type(e).__name__}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main():
    seconds = float(sys.argv[1])
    try:
        import sympy
        from sympy.parsing.latex import parse_latex
        parse_latex("1")  # sympy checks the antlr runtime's version only when it first parses
        from importlib.metadata import version
        antlr = version("antlr4-python3-runtime")
    except Exception as e:
        print(json.dumps({"error": (type(e).__name__ + ": " + str(e)).replace("\n", " ")}), flush=True)
        sys.exit(3)
    print(json.dumps({"sympy": sympy.__version__, "antlr4": antlr}), flush=True)
    for line in sys.stdin:
        prediction, gold = json.loads(line)
        print(json.dumps(verdict(parse_latex, sympy.simplify, prediction, gold, seconds)), flush=True)


main()
