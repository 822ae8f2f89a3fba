#!/usr/bin/perl
# Prepares a Japanese man page for groff, which breaks lines only at spaces:
# lets a line break between two Japanese characters (\:), and joins a text
# line that ends in Japanese with the next one that starts so (\c), where a
# newline would print a stray space, and Japanese punctuation with a font
# macro's word beside it.  Request lines (.XX) are left alone.
use strict;
use warnings;
use utf8;
binmode(STDIN, ':encoding(UTF-8)');
binmode(STDOUT, ':encoding(UTF-8)');
my $cjk = qr/[\p{Han}\p{Hiragana}\p{Katakana}ー～、。（）「」・]/;
my $punct = qr/[、。（）「」]/;
# The font macros, whose text runs on with the line before or after.
my $font = qr/\.(?:B|I|BR|RB|BI|IB|IR|RI) /;
my @lines = <STDIN>;
for my $i (0 .. $#lines) {
	my $l = $lines[$i];
	next if $l =~ /^[.']/;
	$l =~ s/((?![（「])$cjk)(?=(?![、。）」ー～・])$cjk)/$1\\:/g;
	my $next = $i < $#lines ? $lines[$i + 1] : '';
	$l =~ s/($cjk)\n\z/$1\\c\n/ if $next =~ /^$cjk/;
	$l =~ s/($punct)\n\z/$1\\c\n/ if $next =~ /^(?:$font|[^.'\n])/;
	$lines[$i] = $l;
}
# No space between a font macro's word and the Japanese punctuation after it
# either (po/glossary.md: one space between Japanese and ASCII words, none
# next to Japanese punctuation or brackets).
for my $i (0 .. $#lines - 1) {
	next unless $lines[$i] =~ /^$font/ && $lines[$i + 1] =~ /^$punct/;
	next if $lines[$i] =~ /\\c\n\z/;
	$lines[$i] =~ s/\n\z/\\c\n/;
}
print @lines;
