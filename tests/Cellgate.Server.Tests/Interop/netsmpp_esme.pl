#!/usr/bin/perl
# An ESME built from Debian's Net::SMPP (libnet-smpp-perl, an implementation we did not write), against Cellgate's
# northbound SMPP server (tests/Cellgate.Server.Tests/NetSmppInteropTests.cs):
#   netsmpp_esme.pl PORT SYSTEM_ID PASSWORD DESTINATION TEXT
# binds as transceiver to 127.0.0.1:PORT, submits TEXT to DESTINATION (international) with registered_delivery 1, then
# answers every deliver_sm until it has seen one delivery receipt and one other deliver_sm (an MO), and unbinds.
# Reports each step as one JSON object per line on stdout; exits 0 after a clean unbind. Bounded: alarm 120.
use strict;
use warnings;
use Net::SMPP;
use JSON::PP;

$| = 1;
my $json = JSON::PP->new->canonical;
sub say_event { print $json->encode({@_}), "\n"; }
sub cstr { my $v = shift; return undef unless defined $v; $v =~ s/\0.*//s; return $v; }

my ($port, $system_id, $password, $destination, $text) = @ARGV;
die "usage: netsmpp_esme.pl PORT SYSTEM_ID PASSWORD DESTINATION TEXT\n" unless defined $text;
alarm 120;

my ($smpp, $bind) = Net::SMPP->new_transceiver('127.0.0.1', port => $port, system_id => $system_id, password => $password,
    smpp_version => 0x34, timeout => 60);
die "cannot connect or bind\n" unless $smpp && $bind;
say_event(event => 'bind_transceiver_resp', command_status => $bind->{status} + 0, system_id => cstr($bind->{system_id}));
exit 4 if $bind->{status} != 0;

my $resp = $smpp->submit_sm(
    source_addr_ton => 1, source_addr_npi => 1, source_addr => '4912345678',
    dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => $destination,
    registered_delivery => 1, short_message => $text,
) or die "no submit_sm_resp\n";
say_event(event => 'submit_sm_resp', command_status => $resp->{status} + 0, message_id => cstr($resp->{message_id}));
exit 5 if $resp->{status} != 0;

my ($receipts, $mos) = (0, 0);
while ($receipts < 1 || $mos < 1) {
    my $pdu = $smpp->read_pdu() or die "connection lost\n";
    if ($pdu->{cmd} == 0x00000015) { $smpp->enquire_link_resp(seq => $pdu->{seq}); next; }
    next unless $pdu->{cmd} == 0x00000005;
    my $is_receipt = ($pdu->{esm_class} & 0x3c) == 0x04;
    say_event(event => $is_receipt ? 'receipt' : 'mo', esm_class => $pdu->{esm_class} + 0, short_message => $pdu->{short_message},
        source_addr => cstr($pdu->{source_addr}), destination_addr => cstr($pdu->{destination_addr}),
        receipted_message_id => cstr($pdu->{receipted_message_id}),
        message_state => defined $pdu->{message_state} ? unpack('C', $pdu->{message_state}) : undef);
    $smpp->deliver_sm_resp(message_id => '', seq => $pdu->{seq});
    if ($is_receipt) { $receipts++ } else { $mos++ }
}

my $unbind = $smpp->unbind() or die "no unbind_resp\n";
say_event(event => 'unbind_resp', command_status => $unbind->{status} + 0);
$smpp->close();
exit 0;
