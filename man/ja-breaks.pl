#!/usr/bin/perl
# Prepares a Japanese man page for groff, which breaks lines only at spaces:
# lets a line break between two Japanese characters (\:), and joins a text
# line that ends in Japanese with the next one that starts so (\c), where a
# newline would print a stray space.  Request lines (.XX) are left alone.
use strict;
use warnings;
use utf8;
binmode(STDIN, ':encoding(UTF-8)');
binmode(STDOUT, ':encoding(UTF-8)');
my $cjk = qr/[\p{Han}\p{Hiragana}\p{Katakana}ー～、。（）「」・]/;
my @lines = <STDIN>;
for my $i (0 .. $#lines) {
	my $l = $lines[$i];
	next if $l =~ /^[.']/;
	$l =~ s/((?![（「])$cjk)(?=(?![、。）」ー～・])$cjk)/$1\\:/g;
	my $next = $i < $#lines ? $lines[$i + 1] : '';
	$l =~ s/($cjk)\n\z/$1\\c\n/ if $next =~ /^$cjk/;
	$lines[$i] = $l;
}
print @lines;
