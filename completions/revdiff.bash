# bash completion for revdiff(1): subcommands, options and their values,
# and entry names from the store (`revdiff list --names`, one a line).
# Installed by `make install` into bash-completion's completions directory.

# Entry names are wiki titles: spaces, &, <, quotes, any script.  They
# are matched here (compgen -W would expand $ and ` in them) and offered
# quoted, so each stays one word: with backslashes (printf %q) after a
# bare start; after an opening quote bash's own filename quoting, which
# closes the quote and escapes what it must inside it.
_revdiff_entries()
{
	local store=$1 IFS=$'\n' word=$cur open= name q
	local -a names
	if [[ -n $store ]]; then
		names=($(revdiff --store "$store" list --names 2>/dev/null))
	else
		names=($(revdiff list --names 2>/dev/null))
	fi
	case $word in
	[\'\"]*) open=1; word=${word:1} ;;
	*\\*) word=$(printf '%s' "$word" | sed 's/\\\(.\)/\1/g') ;;
	esac
	[[ -n $open ]] && compopt -o filenames 2>/dev/null
	for name in "${names[@]}"; do
		[[ $name == "$word"* ]] || continue
		if [[ -n $open ]]; then
			q=$name
		else
			printf -v q %q "$name"
		fi
		COMPREPLY+=("$q")
	done
}

# Sets words to the words of $1, split at blanks outside quotes and not
# after a backslash, quotes kept; the last one is the word at the cursor
# (empty after a blank).
_revdiff_split()
{
	local line=$1 w= c q= i
	words=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		if [[ $c == \\ && $q != \' ]]; then
			w+=$c${line:i+1:1}
			((i++))
		elif [[ -n $q ]]; then
			w+=$c
			[[ $c == "$q" ]] && q=
		elif [[ $c == [\'\"] ]]; then
			q=$c
			w+=$c
		elif [[ $c == [[:blank:]] ]]; then
			[[ -n $w ]] && words+=("$w")
			w=
		else
			w+=$c
		fi
	done
	words+=("$w")
}

_revdiff()
{
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion -n = || return
	else
		# without bash-completion: split the line at blanks as the
		# shell does (quotes and backslashes hold a word together), so
		# that --opt=value and 'Main Page' stay one word each
		_revdiff_split "${COMP_LINE:0:COMP_POINT}"
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
		prev=${words[cword-1]}
	fi

	local commands="init add import list log show diff blame check hook help"
	local global="--store --color --no-color -p --paginate --no-pager --help --version"
	local formats="color plain porcelain json html"
	local classes="whitespace spacing case unicode punctuation spelling number quotation moved insert delete replace"
	local diffopts="--format= --color --color= --no-color --context= --full --stat --ignore= --text --merge-islands= --help"

	# the command word, and a --store given before it
	local i cmd= store=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--store) ((i++)); store=${words[i]} ;;
		--store=*) store=${words[i]#--store=} ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	# values of --opt=VALUE
	case $cur in
	--format=*)
		local fmts=$formats
		[[ $cmd == check ]] && fmts="text json github"
		COMPREPLY=($(compgen -W "$fmts" -- "${cur#*=}")); return ;;
	--word-diff=*) COMPREPLY=($(compgen -W "$formats" -- "${cur#*=}")); return ;;
	--color=*) COMPREPLY=($(compgen -W "auto always never" -- "${cur#*=}")); return ;;
	--date=*)
		[[ $cmd == add ]] && return
		COMPREPLY=($(compgen -W "iso relative unix short" -- "${cur#*=}")); return ;;
	--ignore=*)
		local pre=${cur#*=} done=
		[[ $pre == *,* ]] && done=${pre%,*}, && pre=${pre##*,}
		COMPREPLY=($(compgen -P "$done" -W "$classes" -- "$pre")); return ;;
	--fail-on=*) COMPREPLY=($(compgen -W "error warning" -- "${cur#*=}")); return ;;
	--store=*|--rules=*)
		cur=${cur#*=}; COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	case $prev in
	--store) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$global" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$commands" -- "$cur"))
		fi
		return
	fi

	local opts=
	case $cmd in
	init) opts="--help" ;;
	add) opts="--date= --author= --message= -m --text --help" ;;
	import) opts="--entry= --namespace= --batch-size= --batch-versions= --api= --user-agent= --category= --user= --recent --maxlag= --retries= --timeout= --quiet --help" ;;
	list) opts="--date= --names --help" ;;
	log) opts="--date= --format= --stat --since= --until= --help" ;;
	show) opts="$diffopts --date=" ;;
	diff) opts="$diffopts --word-diff=" ;;
	blame) opts="--format= --color --color= --help" ;;
	check) opts="--staged --range= --rules= --explain --format= --fail-on= --help" ;;
	hook) opts="--force --help" ;;
	help) opts="--help" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi

	# the first argument after the command word
	local nargs=0
	for ((i = i + 1; i < cword; i++)); do
		[[ ${words[i]} != -* ]] && ((nargs++))
	done
	case $cmd in
	help) ((nargs == 0)) && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	hook) ((nargs == 0)) && COMPREPLY=($(compgen -W "install uninstall" -- "$cur")) ;;
	import)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "events mediawiki" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	show|log|blame) _revdiff_entries "$store" ;;
	add)
		if ((nargs == 0)); then
			_revdiff_entries "$store"
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi ;;
	diff|check)
		COMPREPLY=($(compgen -f -- "$cur"))
		[[ $cmd == diff ]] && _revdiff_entries "$store" ;;
	esac
}
complete -o default -F _revdiff revdiff
